from datetime import timedelta
from slack_harness import ALEX, T1, SlackRig, block_text, buttons
from nudge_support import nudge_rows

LOG = ("log company: Acme; role: Designer; interviewer: Jane Smith; email: jane@acme.com; "
       "rejected: today; memory: the demo")

async def test_explore(tmp_path):
    async with SlackRig(tmp_path) as rig:
        await rig.slash(T1, ALEX, LOG)
        print(rig.ephemeral_texts())
        await rig.dm(T1, ALEX, "reminders")
        print(rig.last_dm(T1, ALEX))
        for r in await nudge_rows(rig.store):
            print(dict(r))
        print([ (c.method, c.team_id, c.ok) for c in rig.fake.calls])
        rig.clock.jump(timedelta(days=14))
        print(rig.clock.now())
        print(await rig.service.scheduler.run_due())
        ch = rig.fake.dm_channel(T1, ALEX)
        m = rig.fake.bot_messages(ch)[-1]
        print(m.ts, m.text, buttons(m.blocks))
        print(block_text(m.blocks))
        print([ (c.method, c.team_id, c.ok) for c in rig.fake.calls])
        for r in await nudge_rows(rig.store):
            print(dict(r))
        b = buttons(m.blocks)[1]
        st = await rig.interact(rig.fake.block_action_body(T1, ALEX, ch, b["action_id"], b["value"], message_ts=m.ts))
        print(st)
        await rig.fake.wait_for_calls("chat.update")
        await rig.app.settle()
        import asyncio; await asyncio.sleep(0.5)
        for mm in rig.fake.messages(ch):
            print("MSG", mm.ts, mm.edits, repr(block_text(mm.blocks or []) or mm.text)[:600])
        st = await rig.interact(rig.fake.block_action_body(T1, ALEX, ch, b["action_id"], b["value"], message_ts=m.ts))
        await asyncio.sleep(0.5)
        print(rig.fake.responses, rig.ephemeral_texts())
        for r in await nudge_rows(rig.store):
            print(dict(r))
