"""A fourth batch of letters for tests/test_review_probes.py, in our own words (never from a
corpus), after blind set S flagged good notes for their form and missed a few problems.

What the GOOD ones cover: a thank-you whose greeting is only the name and a comma ("Dr.
Okoro,"), which is no sentence to judge; a feedback request that lets them off with "not a
problem if not"; a reply whose soft question about what to learn next is prefaced by where
the writer is in their career (a clause the model, read alone, can only guess at); a
stay-in-touch PS whose wish is the work itself ("I'd still love to teach at Hillcrest");
a thank-you that congratulates the team on cutting costs, and one that retells what happens
"if the chosen supplier fails". The BAD ones carry one problem each, named by the rule that
must catch it: the writer offered in place of the person chosen, if they should decline;
sarcasm about the money saved on the salary; the interview questions dismissed as off-topic.
Same shape as tests/review_probe_letters.py: (kind, memory, message[, rule]).
"""

from __future__ import annotations

from review_probe_letters import F, R, S, T

GOOD: tuple[tuple[str, str, str], ...] = (
    (T, "the ward round where she let me read the charts",
     "Subject: Thank you\n\nDr. Okoro,\n\nThank you for the interview and for your kind "
     "message. Reading the charts with you on the ward round taught me more than any "
     "textbook. Calm, thorough team. A pleasure to meet.\n\nBest,\nIfe"),
    (F, "he walked me through the grant calendar",
     "Subject: A small request\n\nHi Jo,\n\nThanks again for taking me through the grant "
     "calendar. I accept the decision. If you can tell me the main reasons, I'd value it. "
     "Not a problem at all if not. Phone: 0117 496 0555.\n\nBest,\nPia"),
    (R, "we joked about the printer that only works on Fridays",
     "Hi Jo,\n\nThank you so much for writing back! The Friday-only printer still makes me "
     "smile, and I'm glad the new one finally arrived. I'm early in my career, so if there's "
     "one skill you'd suggest I build first, I'd love to hear it. Good luck with the move!\n\n"
     "Best,\nKit"),
    (S, "she told me to get my first-aid certificate",
     "Hi Jo,\n\nI hope term has been good to you! I took your advice and earned my first-aid "
     "certificate in April, and I've been running the Saturday chess club since. Thank you "
     "for pointing me there.\n\nPS: I'd still love to teach at Hillcrest; are any posts "
     "coming up next year?\n\nBest,\nSol"),
    (T, "the dashboard that showed the cloud bill falling",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview on Monday. Congratulations "
     "on cutting the cloud bill by a third; the dashboard you showed me made the story "
     "easy to follow.\n\nBest,\nNed"),
    (T, "what happens if the chosen supplier fails",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I enjoyed hearing what "
     "your team does if the chosen supplier fails to deliver on time, and how the backup "
     "list is kept fresh.\n\nBest,\nNed"),
)

BAD: tuple[tuple[str, str, str, str], ...] = (
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Should the "
     "selected planner decline the offer, I hope you will come back to me.\n\nBest,\nAl",
     "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Congrats on "
     "trimming a good chunk off the salary budget for the hire.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Honestly the "
     "questions felt off-topic for the job as described.\n\nBest,\nAl", "tone"),
)
