"""A third batch of letters for tests/test_review_probes.py, in our own words (never from a
corpus), after blind set Q flagged good notes for what their kind allows and missed a few
problems put in words the rules had not met.

What the GOOD ones cover: a thank-you whose memory is a story about something that came out
rude by accident (the rudeness is the story's, not the writer's); a reply that accepts the
interviewer's own invitation and looks forward to the date; a feedback request framed as
"if you had a few minutes", and one that offers how to reach the writer; an alternate-roles
letter that offers email or a phone number. The BAD ones are otherwise good letters with one
problem each, named by the rule that must catch it: a deadline on what they are to send,
chasing by phone, a call proposed on the writer's initiative, a meeting the writer sets up
in a reply, a boast with a hedge in the middle, a field no one "stands a chance" in, calling
oneself "not manager material", looking foolish in the interview, a post "longed for", and
the person hired measured by what they "have under their belt".
Same shape as tests/review_probe_letters.py: (kind, memory, message[, rule]).
"""

from __future__ import annotations

from review_probe_letters import A, F, R, T

GOOD: tuple[tuple[str, str, str], ...] = (
    (T, "the menu translated so literally it insulted the chef",
     "Subject: Thank you\n\nDear Jo,\n\nThank you for considering me for the Coordinator "
     "role and for letting me know your decision. Your story of the menu whose translation "
     "came out accidentally rude in French made me laugh all the way home. The care your "
     "team puts into every detail was plain to see.\n\nBest wishes,\nIris"),
    (R, "she invited me to the team's open evening in March",
     "Hi Jo,\n\nThank you for the invitation to the open evening, I'll gladly be there. "
     "It was lovely to hear the new studio is finally finished. If you ever have a moment "
     "to say what would make me a stronger candidate, I'd welcome it. See you on the "
     "14th!\n\nAll best,\nPaul"),
    (R, "he asked me along to the charity quiz night",
     "Hello Jo,\n\nWhat a kind reply, and thanks for asking me along to the quiz night: "
     "count me in. I'm still laughing about the tie-break question you told me about. "
     "Good luck to the whole team until then, and see you there.\n\nCheers,\nOmar"),
    (F, "the long table where the whole team eats lunch together",
     "Subject: A small request\n\nDear Jo,\n\nThank you again for the lunch at that long "
     "table with the whole team. I understand the decision. If you had a couple of minutes, "
     "I'd be grateful for any thoughts on what held my application back; no worries if "
     "not.\n\nHappy to hear by email or on 07700 900456.\n\nKind regards,\nBea"),
    (A, "the tour of the print room and its old letterpress",
     "Subject: Other openings\n\nHi Jo,\n\nThe tour of your print room, letterpress and "
     "all, is still a favourite memory, thank you. I know the Coordinator role went another "
     "way, and I'd be glad to be kept in mind for openings in production or sales, where "
     "my years running a market stall would help.\n\nI'm happy to talk by email, or on "
     "0161 555 0234.\n\nWarm regards,\nNell"),
)

BAD: tuple[tuple[str, str, str, str], ...] = (
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I'd value any "
     "feedback on the decision. Please send it over by Thursday, as I have another offer "
     "to weigh.\n\nPhone: 0161 555 0100\n\nBest,\nAl", "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. I have tried "
     "ringing you a few times about other openings, so here is an email too.\n\nPhone: "
     "0161 555 0100\n\nBest,\nAl", "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. I'd love to be "
     "kept in mind for other openings. Could we set up a quick call next week to talk them "
     "over?\n\nPhone: 0161 555 0100\n\nBest,\nAl", "no-pressure"),
    (R, "", "Hi Jo,\n\nThank you for writing back. I loved hearing about the new studio. "
     "How about we meet for coffee on Friday at ten?\n\nBest,\nAl", "no-pressure"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I was, in every "
     "respect, the ideal candidate for this role.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Someone from a "
     "small town never stands a chance against city applicants.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Perhaps I'm just "
     "not manager material.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I must have "
     "sounded so foolish on the budgeting question.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. It was the one "
     "position I had yearned for all year.\n\nBest,\nAl", "no-hoped"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I suspect the "
     "planner you brought on has more years under their belt than me.\n\nBest,\nAl",
     "no-who-hired"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Your reply was "
     "frankly rude.\n\nBest,\nAl", "tone"),
)
