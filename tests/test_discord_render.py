"""Replies within Discord's limits, with user text escaped."""

from __future__ import annotations

import json

from adapters.discord.render import MAX_CONTENT, FormLink, Outgoing, render
from bot.replies import Button, Code, DraftBlock, Fields, Notice, Reply, Table, Text, Tone


def test_long_text_is_split_within_the_content_limit() -> None:
    reply = Reply(parts=tuple(Text(f"line {i} " + "x" * 300) for i in range(20)))
    messages = render(reply)
    assert len(messages) > 1
    assert all(len(m.content) <= MAX_CONTENT for m in messages)
    joined = "\n\n".join(m.content for m in messages)
    assert all(f"line {i} " in joined for i in range(20))


def test_one_overlong_line_is_cut_hard() -> None:
    messages = render(Reply.text("y" * 4500))
    assert [len(m.content) for m in messages] == [2000, 2000, 500]


def test_buttons_fit_discords_limits() -> None:
    many = tuple(Button(f"Option {i} " + "z" * 100, f"plan #{i}") for i in range(30))
    too_long = Button("Too long", "feedback acme: " + "w" * 100)
    messages = render(Reply(parts=(Text("pick"),), buttons=(too_long, *many)))
    buttons = messages[-1].buttons
    assert len(buttons) == 25
    assert too_long not in buttons


def test_embeds_respect_the_total_size_and_count() -> None:
    fields = tuple(Fields(f"Rejection {i}", (("Memory", "m" * 1000),)) for i in range(12))
    messages = render(Reply(parts=fields))
    for message in messages:
        assert len(message.embeds) <= 10
        assert sum(len(e) for e in message.embeds) <= 6000
    assert sum(len(m.embeds) for m in messages) == 12


def test_a_draft_is_in_a_code_block_that_its_backticks_cannot_close() -> None:
    draft = DraftBlock("Your thank-you email", "Hi Jane,\n```\n@everyone\nSam", to="j@a.com")
    embed = render(Reply(parts=(draft,)))[0].embeds[0]
    description = embed.description or ""
    assert description.count("```") == 2
    assert "To:" in description


def test_user_text_is_escaped_and_notices_marked() -> None:
    messages = render(Reply(parts=(Text("**hi** @everyone"), Notice("careful", Tone.WARNING))))
    content = messages[0].content
    assert "\\*\\*hi\\*\\*" in content
    assert "@\u200beveryone" in content
    assert "⚠️ careful" in content


def test_text_after_an_embed_stays_in_the_same_message_below_it() -> None:
    reply = Reply(parts=(Table("Your rejections", ("Company", "Step"), (("Acme", "Cool down"),)),
                         Text("Next: wait.")))
    messages = render(reply)
    assert len(messages) == 1
    assert [e.title for e in messages[0].embeds] == ["Your rejections", None]
    assert messages[0].embeds[1].description == "Next: wait."


def test_an_export_becomes_a_file() -> None:
    messages = render(Reply(parts=(Text("Here:"), Code("{}", "json", "rebound-export.json"))))
    assert messages[0].content == "Here:"
    assert [f.filename for f in messages[0].files] == ["rebound-export.json"]


def test_a_message_round_trips_through_json_for_later_delivery() -> None:
    reply = Reply(parts=(Text("Here:"), Fields("Acme", (("Role", "Designer"),)),
                         Code("{}", "json", "rebound-export.json")),
                  buttons=(Button("Plan", "plan acme"),))
    messages = render(reply, forms=[FormLink("details", "7", "Add details")])
    again = [Outgoing.from_json(json.loads(json.dumps(m.to_json()))) for m in messages]
    assert [m.to_json() for m in again] == [m.to_json() for m in messages]
    assert again[-1].forms == [FormLink("details", "7", "Add details")]
    assert again[0].files[0].data == b"{}"
