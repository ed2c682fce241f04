"""More letters for tests/test_review_probes.py, in our own words (never from a corpus):
the second batch, after blind sets N, O and P showed good notes flagged for what their
kind allows.

What they cover: a feedback request that accepts the outcome and releases them from
answering ("no worries at all if not"); an alternate-roles letter that says it knows the
role wasn't the right match, or that a talk with them stayed with the writer; a
stay-in-touch email whose thanks is the update credited to the moment they shared, with no
"thank you" in it; a reply of four body sentences with a short wish and an "All best"
sign-off. BAD letters are otherwise good and carry one problem each, named by the rule that
must catch it: the same wordings turned into a proposal, a demand or a long reply.
Same shape as tests/review_probe_letters.py: (kind, memory, message[, rule]).
"""

from __future__ import annotations

from review_probe_letters import A, F, R, S

GOOD: tuple[tuple[str, str, str], ...] = (
    (F, "he described a night shift counting barrels in a cold cellar",
     "Subject: Thank you, and a small request\n\nHi Jo,\n\nI hope the year-end rush is "
     "kind to you. I still smile about your night of counting barrels in that freezing "
     "cellar! Thank you again for the interview. I accept that I wasn't the right fit this "
     "time, but if you can share any feedback on the reasons, I'd be grateful; no worries "
     "at all if not.\n\nsam.okoro@example.com / 07700 900321\n\nCheers,\nSam"),
    (F, "the whiteboard map of every depot in the region",
     "Subject: A quick request\n\nDear Jo,\n\nThank you for showing me the depot map on "
     "your whiteboard. I understand the decision. Any thoughts on what I could strengthen "
     "would be welcome, and it's totally fine if not.\n\nPhone: 0161 555 0199\n\nBest,\nLee"),
    (A, "a blind tasting of three new cold brews",
     "Subject: Thank you, and other openings\n\nHi Jo,\n\nI keep thinking about that "
     "blind tasting: the oat-milk brew won easily, whatever your survey claimed. Thanks "
     "again for the interview. I know the Coordinator role wasn't the right fit, but I'd "
     "love to be kept in mind for other openings, perhaps in events or supplier relations; "
     "I used to organise a local food festival.\n\nMy phone is 020 7946 0321.\n\nBest,\nMia"),
    (A, "she showed me a wall of customer postcards",
     "Subject: Hello again\n\nHi Jo,\n\nI hope all is well! Our talk beside that wall of "
     "customer postcards stayed with me, and it made me surer than ever that I'd love to "
     "work at Northgate one day. I know the Coordinator job wasn't the right match.\n\nIf "
     "anything else comes up, I'd be grateful if you kept me in mind. Beyond coordination, "
     "I write clean Python and I've run a small online shop. My phone is (617) 555-0148."
     "\n\nThank you,\nDev"),
    (S, "he told how he rebuilt a timetable overnight after a rail strike",
     "Subject: A short update\n\nDear Mr Bell,\n\nI hope autumn is treating you well. "
     "After hearing how you rebuilt the whole timetable overnight during the rail strike, "
     "I studied contingency planning and now write the disruption plans at my agency. I "
     "also passed my advanced Spanish exam in June.\n\nKind regards,\nAmara\n\nPS: I would "
     "still love to join your team. Are any openings coming up?"),
    (R, "the 1950s lifeboat restored in the harbour shed",
     "Hi Jo,\n\nWhat a kind reply, thank you. I keep picturing that old lifeboat in the "
     "shed and your plan to launch it again next summer. If you ever have a minute to say "
     "what would make me a stronger candidate, I'd be grateful, but no pressure at all. "
     "Good luck at the regatta!\n\nAll best,\nTheo"),
    (R, "the tasting menu built around one heritage apple",
     "Hello Jo,\n\nThank you so much for writing back. I tried your apple-and-fennel idea "
     "at home and it went down a storm. Hope the orchard harvest is a big one! Wishing you "
     "a calm autumn.\n\nAll my best,\nRosa"),
)

BAD: tuple[tuple[str, str, str, str], ...] = (
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Our chat "
     "stayed with me, so could we grab a coffee next week to talk about other openings?"
     "\n\nPhone: 07700 900111\n\nBest,\nAl", "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. I know the role "
     "wasn't the right match, but could you explain how the panel decided between us?"
     "\n\nPhone: 07700 900111\n\nBest,\nAl", "no-why"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. Any feedback "
     "would help. No worries if not, but I need an answer by Friday.\n\nPhone: 555-0100"
     "\n\nBest,\nAl", "no-pressure"),
    (S, "he told how he rebuilt a timetable overnight after a rail strike",
     "Subject: Update\n\nHi Jo,\n\nI hope you're well. I've since finished a course in "
     "data analysis.\n\nBest,\nAl\n\nPS: I'd still love to join the team; any openings "
     "coming up?", "thanks-and-specific"),
    (R, "", "Hi Jo,\n\nThank you for your reply, which I read twice over breakfast. I still "
     "think about the whiteboard session on caching and the queue you drew. Since then I "
     "have rebuilt my side project around a proper message queue. I also started reading "
     "the book your team lead recommended to me. If you ever have a moment, I'd value a "
     "pointer on what would make me a stronger candidate. I hope the migration goes well "
     "for the whole team.\n\nBest,\nAl", "length"),
)
