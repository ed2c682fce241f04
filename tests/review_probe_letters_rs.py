"""A fourth batch of letters for tests/test_review_probes.py, in our own words (never from a
corpus), after blind sets S, R and U flagged good notes for their form and missed a few problems.

What the GOOD ones cover: a thank-you whose greeting is only the name and a comma ("Dr.
Okoro,"), which is no sentence to judge; a feedback request that lets them off with "not a
problem if not"; a reply whose soft question about what to learn next is prefaced by where
the writer is in their career (a clause the model, read alone, can only guess at); a
stay-in-touch PS whose wish is the work itself ("I'd still love to teach at Hillcrest");
a thank-you that congratulates the team on cutting costs, and one that retells what happens
"if the chosen supplier fails"; after set R, an alternate-roles letter in lower case that
accepts "i get that i wasn't the right fit", a feedback request that says "the role went
another way" before asking its question, and one that lets them off with "please don't
worry if not"; after set U, letters signed "With respect,", a reply that opens "So lovely
to hear back from you", praise that "came through loud and clear", advice that "changed the
direction of my year", a tour called "the best part of the day", and a thank-you that feels
lucky to have met the team and can't believe how fast the day went; after set V, a PS
asking whether posts will "open up", alternate-roles letters whose warmth is "it left me
even keener" or "has stuck with me", and a contact line "Best number for me is ..."; after set W, a
feedback request that lets them off with "no hard feelings at all if not", and a thank-you
counting on their book tips; after sets X and Y, a reply from a veteran who "rigged vehicle
recovery in the field", a thank-you-for-feedback that opens "Thank you kindly for your
feedback", a thank-you that asks "Who knew a picture book could move me so?", a reply with a "Funny
enough, ..." family story, and a feedback request that understands "should this not be
possible"; after sets Z and AA, a contact line "Best number's ...", another that says "I'm
at <email> or <number> whenever suits", a call centre named as a workplace, and a reply that
has "even started doing the same at home"; when Z and AA were folded in, a thank-you that
knows how full their calendar is, a story of tenants counting on the repair crew, and a
signal box the writer had long hoped to see inside; after sets AB and AC, a reply glad to
hear their advice "whenever suits", a joke of theirs about what is "unfair", and sympathy
"gutted" for their storm damage; after set AD, a thank-you whose writer has "already started"
labelling every jar in their own pantry; after set AE, a thank-you for feedback that opens
"Please accept my thanks for your feedback", a feedback request whose disappointment is
owned and set aside before it asks the reasons, and the co-op's goals "by 2030". The BAD
ones carry
one problem each, named by the rule that must catch it: the writer offered in place of the
person chosen, if they should decline; sarcasm about the money saved on the salary; the
interview questions dismissed as off-topic; and, in later letters, an answer expected by a
date, the post held for the writer, the person hired named by a word and their title, a jab
that the writer's training "didn't seem to count", and a first note that would "love to hear
what settled it"; after sets T and U, disbelief that someone so qualified lost out, more
experience than most of their staff, doubt that the hire "can actually handle" the work, a
case study called pointless, and "someone like me was never going to" get through; after
set V, asking their remarks on one's performance, the hire named by an -ist word, "the worst
interviewee you've ever had", and the role offered to the writer before it is advertised;
after set W, "what ultimately steered" the decision, a demand to "set out in writing" how
they decided, the writer as first call should the new hire "not last", and "you'll find out
you needed someone like me".
Same shape as tests/review_probe_letters.py: (kind, memory, message[, rule]).
"""

from __future__ import annotations

from review_probe_letters import A, F, K, R, S, T

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
    (A, "the night shift handover he let me sit in on",
     "hi jo\n\nthanks again for the interview and for letting me sit in on the night shift "
     "handover. i get that i wasn't the right fit for the coordinator job but i'd be glad to "
     "be kept in mind for anything else that comes up. i've also run stock control for a "
     "busy pharmacy for three years. my number is 0161 555 0123\n\nbest\nrae"),
    (F, "the map of every bus stop they had redesigned",
     "hi jo\n\nthanks again for showing me the bus stop map, it was a treat. i understand "
     "the role went another way and that's completely fine, but if you ever have a spare "
     "moment i'd value any thoughts on the reasons so i can keep growing. no worries at all "
     "if you can't. you can reach me at rae@example.com or 0161 555 0123\n\nthanks\nrae"),
    (F, "the archive of glass plate negatives",
     "Subject: A short request\n\nDear Jo,\n\nThank you once more for showing me the glass "
     "plate negatives. I accept the decision, but I would be grateful for a word on the "
     "reasons when you have time. I know that is not always possible, so please don't worry "
     "if not. My phone is 0117 496 0777.\n\nKind regards,\nRae"),
    (T, "the whiteboard session on the checkout flow",
     "Subject: Thanks\n\nMs. Rivera,\n\nThank you for the interview. I enjoyed the "
     "whiteboard session on the checkout flow. No problem at all if you're too busy to "
     "reply.\n\nBest,\nSam"),
    (R, "she walked me through the sound stage",
     "Dear Ms. Park,\n\nSo lovely to hear back from you. I still think about the sound stage "
     "you showed me, and I'm delighted the new mixing desk has arrived. If you have a moment "
     "later on, I'd welcome one thing you'd suggest I work on.\n\nWith respect,\nLee Min-jun"),
    (T, "the crew that covers each other's night shifts",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. You've plainly got a crew "
     "that covers for one another, and that came through loud and clear. I'd call the tour of "
     "the loading bay the best part of my week.\n\nCheers,\nSam"),
    (S, "he told me to learn to read balance sheets",
     "Hi Jo,\n\nI hope the spring has treated you well. Thank you again for that tip about "
     "balance sheets; it changed the direction of my year, and I've since passed my first "
     "accounting exam.\n\nPS: I'd still love to join the team; are any roles coming up?\n\n"
     "Best,\nSam"),
    (T, "the coding test on the loan calculator",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I feel very lucky to have "
     "met the team, and I can't believe how fast the afternoon went. The coding test on the "
     "loan calculator was a highlight.\n\nBest,\nSam"),
    (S, "the open-strings lesson for beginners",
     "Dear Jo,\n\nI hope the new term is off to a good start. Since we met I've begun a "
     "beginners' violin group, starting them on open strings as you showed me. Thank you for "
     "the idea.\n\nWarm wishes,\nSam\n\nPS: I'd still be thrilled to join the team; are any "
     "teaching posts likely to open up next year?"),
    (A, "walking every street of a new area before listing there",
     "Subject: Other roles\n\nDear Jo,\n\nI hope you're well. Your habit of walking every "
     "street before listing a house has stuck with me, and our talk left me even keener on "
     "Northgate. I understand I wasn't the right fit for the coordinator post, but please keep "
     "me in mind for other openings: I also do property photography. Best number for me is "
     "0161 555 0199.\n\nAll the best,\nSam"),
    (F, "scaling the bakery's bun recipe for supermarkets",
     "Subject: A question, if I may\n\nDear Jo,\n\nI very much enjoyed our talk about scaling "
     "the bun recipe for supermarket shelves. I understand the role went another way, and "
     "I'd be grateful for any thoughts on the reasons when you have a moment; no hard "
     "feelings at all if not. I can be reached on 0161 555 0142.\n\nKind regards,\nSam"),
    (T, "the reading list she keeps for new starters",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview and for your reading list "
     "for new starters. I'm counting on your book tips to see me through the winter.\n\n"
     "Best,\nSam"),
    (R, "anchor planning for the rigging crew",
     "Hi Jo,\n\nThank you for writing back. Your point about anchor planning reminded me of "
     "how we rigged vehicle recovery in the field, and I've been reading the civilian rules "
     "since. If you have a moment, I'd value one thing to work on next.\n\nBest,\nSam"),
    (K, "she said my openings run long",
     "Subject: Thank you\n\nHi Jo,\n\nThank you kindly for your feedback on my writing "
     "samples. You were right that my openings run long, and I now keep each to thirty "
     "words.\n\nBest,\nSam"),
    (T, "reading the picture book draft aloud",
     "Subject: Thank you\n\nHi Jo,\n\nThanks for the interview and for letting me know. "
     "Reading the picture book draft aloud with you was a highlight. Who knew a picture book "
     "could move me so?\n\nBest,\nSam"),
    (R, "the pun on the loading screen",
     "Hi Jo,\n\nLovely to hear back from you. Funny enough, my grandad told the very same pun "
     "at every family dinner, so it felt like a bit of home in the game. If you ever have a "
     "minute, I'd be glad of one pointer for next time.\n\nDiolch,\nSam"),
    (F, "our talk about good faith in contracts",
     "Subject: A request\n\nDear Jo,\n\nThank you again for our talk about good faith in "
     "contracts. Although I was disappointed, I fully understand your decision. I would be "
     "grateful for any observations on the reasons; I understand entirely should this not be "
     "possible. Phone: 030 1234 5678.\n\nKind regards,\nSam"),
    (A, "the hail-damaged roofs we toured",
     "Subject: Other roles\n\nHi Jo,\n\nThank you again for the tour of the hail-damaged "
     "roofs. If other openings come along, I'd be grateful to be kept in mind: I also spent "
     "three years training new staff at a call centre. Best number's 07700 900419.\n\n"
     "Best,\nSam"),
    (F, "the claims backlog board",
     "Subject: A small request\n\nHi Jo,\n\nThanks again for showing me the claims backlog "
     "board. I understand the decision. If you have a minute, I'd value a word on the "
     "reasons. I'm at sam@example.com or 555-0172 whenever suits.\n\nBest,\nSam"),
    (R, "her shelf organised by mood",
     "Hi Jo,\n\nThank you for writing back! I've been thinking about your shelf organised by "
     "mood, and I've even started doing the same at home. If you ever have a moment, I'd "
     "welcome one tip for next time.\n\nBest,\nSam"),
    (T, "the signal box they let me climb into",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'd hoped to step inside a "
     "working signal box since I was a boy, so the visit was a real treat.\n\nBest,\nAl"),
    (T, "the winter when the boilers failed",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview, and for the time: I know "
     "your calendar is rammed this month. Hearing how tenants had been counting on your repair "
     "crew that winter stayed with me.\n\nBest,\nAl"),
    (R, "the tide tables we compared",
     "Hi Jo,\n\nLovely to hear from you, and congratulations on the new berth opening. I've "
     "been reading up on tidal windows since we compared those tables. If there's anything "
     "that would make me a stronger candidate next time, I'd be glad to hear it whenever "
     "suits.\n\nBest,\nAl"),
    (T, "how the team makes hard problems look easy",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. You joked that it's unfair "
     "how easy your team makes hard problems look, and after the design exercise I agree. "
     "Gutted to hear the storm took the warehouse roof; I hope the repairs went smoothly."
     "\n\nBest,\nAl"),
    (T, "the store room where every jar had a date on it",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the trial shift. I've already started "
     "labelling every jar in my own pantry after seeing your store room. A small habit that "
     "clearly keeps the whole kitchen sharp.\n\nBest,\nAl"),
    (K, "the load tests on the new turbine blades",
     "Subject: Thank you\n\nDear Ms Roe,\n\nPlease accept my sincere thanks for your careful "
     "feedback. Your point about my load-test reports was fair, and I am rewriting two of them "
     "this month.\n\nKind regards,\nAl"),
    (F, "tasting the new cheese range",
     "Subject: A small favour\n\nHi Jo,\n\nThank you again for the interview; tasting the new "
     "cheese range was a treat. I was disappointed not to be chosen, but I completely get it, "
     "and I'd value hearing the main reasons if you can share them. No worries if not. "
     "Phone: 0161 555 0100.\n\nBest,\nAl"),
    (T, "where the co-op wants to be by 2030",
     "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Our talk about what the "
     "co-op hopes to build by 2030 has stayed with me.\n\nBest,\nAl"),
)

BAD: tuple[tuple[str, str, str, str], ...] = (
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Should the "
     "selected planner decline the offer, I hope you will come back to me.\n\nBest,\nAl",
     "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Congrats on "
     "trimming a good chunk off the salary budget for the hire.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Honestly the "
     "questions felt off-topic for the job as described.\n\nBest,\nAl", "tone"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I accept the "
     "decision, and I'd like to know the main reasons. I expect an answer by the end of next "
     "week. Phone: 0161 555 0100.\n\nBest,\nAl", "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Please hold the "
     "planner post for me until my notice period ends. I also know payroll software well. "
     "Phone: 0161 555 0100.\n\nBest,\nAl", "no-reconsider"),
    (S, "", "Hi Jo,\n\nI hope the year has been kind. Since we spoke I have finished my "
     "accounting diploma, not that my last one seemed to count for much with you.\n\nPS: I'd "
     "still love to join the team; is anything opening soon?\n\nBest,\nAl", "tone"),
    (S, "", "Hi Jo,\n\nI hope the year has been kind. I have since qualified as a "
     "surveyor. If the senior planner you hired has not worked out, I'd happily step in.\n\n"
     "PS: I'd still love to join the team; is anything opening soon?\n\nBest,\nAl",
     "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'd still love to "
     "hear what finally settled it, though.\n\nBest,\nAl", "no-why"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I still can't "
     "believe someone with my certificates lost out.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I have three times "
     "the experience of most of your team.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I do hope whoever "
     "you hired can actually handle the night shifts.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. The case study "
     "was pointless.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. A self-taught "
     "coder like me was never going to get through.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I would value your "
     "remarks on my performance on the day.\n\nBest,\nAl", "no-feedback-request"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Could you tell me "
     "whether the cellist you chose had toured before?\n\nBest,\nAl", "no-who-hired"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I must be the worst "
     "candidate you have ever met!\n\nBest,\nAl", "tone"),
    (S, "", "Hi Jo,\n\nI hope spring is kind to you. I have since finished a counselling "
     "course. If the person who took the role ever leaves, please offer it to me before you "
     "advertise.\n\nPS: I'd still love to join the team; any openings coming up?\n\nBest,\nAl",
     "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'd be curious to "
     "know what ultimately steered the panel elsewhere.\n\nBest,\nAl", "no-why"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I accept the "
     "outcome. I do, however, require you to set out in writing how the decision was reached. "
     "Phone: 0161 555 0100.\n\nBest,\nAl", "tone"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Please keep me in "
     "mind for other roles, and should your new planner not last, I hope I'm the first one you "
     "ring. Phone: 0161 555 0100.\n\nBest,\nAl", "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'm sure you'll "
     "find out soon that you needed someone like me.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Honestly, the "
     "whole thing felt rigged.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Could you kindly "
     "tell me what I should improve?\n\nBest,\nAl", "no-feedback-request"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Could you find me a "
     "free half hour in your diary next week?\n\nBest,\nAl", "no-pressure"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. For weeks I'd been "
     "hoping to see my name on that offer letter.\n\nBest,\nAl", "no-hoped"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Let me take you "
     "out for a pint one evening and we can talk it over.\n\nBest,\nAl", "no-pressure"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview, and thanks for "
     "ghosting me for three weeks.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'm no stranger "
     "to being passed over, so please don't worry.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Any tips for "
     "someone trying to break into logistics would be much appreciated.\n\nBest,\nAl",
     "no-feedback-request"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I had hoped to "
     "contribute my audit experience to your team.\n\nBest,\nAl", "no-hoped"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Please keep my "
     "CV on file for this post in case your pick falls through. Phone: 0161 555 0100.\n\n"
     "Best,\nAl", "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. Obviously a "
     "six-hour panel day was a productive use of everyone's time.\n\nBest,\nAl", "tone"),
    (S, "", "Hi Jo,\n\nI hope the autumn has been kind. I've since finished my forklift "
     "licence. If the supervisor you took on hasn't settled in, I could start next week.\n\n"
     "PS: I'd still love to join the team; any openings coming up?\n\nBest,\nAl",
     "no-reconsider"),
    (R, "", "Hi Jo,\n\nThanks for writing back. Ten years in the trade and I still lost out, "
     "which tells you something about the selection. Good luck with the season.\n\nBest,\nAl",
     "tone"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I accept the "
     "outcome, though I must say I found it odd, since I solved every one of the exercises "
     "correctly. Could you share the main reasons? Phone: 0161 555 0100.\n\nBest,\nAl",
     "tone"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. I know I wasn't "
     "chosen, though none of the other applicants has my background in cold storage. Please "
     "keep me in mind for other openings. Phone: 0161 555 0100.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I had already "
     "started handing over my current projects before your email came.\n\nBest,\nAl",
     "no-hoped"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I even started "
     "practising the commute to your depot.\n\nBest,\nAl", "no-hoped"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'd like my "
     "application re-evaluated, please.\n\nBest,\nAl", "no-reconsider"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I got the short end "
     "of the stick in that group exercise.\n\nBest,\nAl", "tone"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I'd put all my "
     "hopes in this one, truth be told.\n\nBest,\nAl", "no-hoped"),
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I was so looking "
     "forward to joining your crew in the spring.\n\nBest,\nAl", "no-hoped"),
    (K, "", "Subject: Thanks\n\nHi Jo,\n\nThank you for the feedback; I'm working on my "
     "estimates. Now that I've done that, could you shortlist me again for the planner role?"
     "\n\nBest,\nAl", "no-reconsider"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I must insist on a "
     "full account of why I was turned down. Phone: 0161 555 0100.\n\nBest,\nAl", "tone"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. I accept the "
     "outcome, though I can't see what more I could have done. Please keep me in mind for "
     "other openings. Phone: 0161 555 0100.\n\nBest,\nAl", "tone"),
    (K, "", "Subject: Thanks\n\nHi Jo,\n\nThank you for the feedback on my portfolio. Was "
     "the portfolio really the deciding factor, though?\n\nBest,\nAl", "no-why"),
)
