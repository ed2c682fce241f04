"""Letters written for tests/test_review_probes.py, in our own words (never from a corpus).

Each is (kind, memory logged for the rejection, the whole message). GOOD are sendable as
they stand: everything PLAYBOOK and FORMAT.md allow or expect a letter of its kind to say
is in them somewhere (a phone number or contact line, the outcome acknowledged, the hope to
join one day, eagerness, what the writer did about the feedback, asking about openings, a
memory retold in other words). BAD carry one problem each, named by the rule that must
catch it.
"""

from __future__ import annotations

T, R, S = "thank-you", "reply", "stay-in-touch"
A, F, K = "alternate-roles", "feedback-request", "thank-you-for-feedback"

GOOD: tuple[tuple[str, str, str], ...] = (
    (T, "the tour of the cold store at six in the morning",
     "Subject: Thank you\n\nHi Priya,\n\nThank you for the chance to interview for the "
     "warehouse lead post. Walking round the freezer rooms before 6 a.m. with you is not "
     "something I'll forget.\n\nBest wishes,\nOwen"),
    (T, "she showed me the 1920s printing press in the basement",
     "Subject: Thanks\n\nDear Ms Adeyemi,\n\nMany thanks for meeting me last week. Seeing "
     "that old press from the twenties downstairs was a real treat, and it said a lot about "
     "how much the studio cares for its craft.\n\nKind regards,\nLena"),
    (T, "we compared notes on sourdough starters",
     "Subject: Thank you\n\nHi Tom,\n\nThanks so much for your time on Tuesday. I've been "
     "feeding my starter with the rye trick you swear by, and it's already livelier.\n\n"
     "Cheers,\nAbi"),
    (T, "the two-hour drive to the wind farm site",
     "Subject: Thank you for the site visit\n\nDear Mr Halloran,\n\nThank you for letting me "
     "know, and for the long drive out to the turbines. The stop at the substation, where "
     "you explained the grid connection, was the best part of the day.\n\nRegards,\nMaeve"),
    (T, "",
     "Subject: Thank you\n\nHi Dana,\n\nThank you for the interview on Friday. I especially "
     "enjoyed hearing how your clinic cut waiting times by moving triage online.\n\nBest,\n"
     "Ravi"),
    (T, "the kids' coding club she runs on Saturdays",
     "Subject: Thanks for your time\n\nHello Grace,\n\nI'm grateful for the time you gave "
     "me. Your Saturday club, with a dozen children building their first games, is a "
     "lovely thing to hear about.\n\nWarmly,\nJun"),
    (T, "a dog wandered into the video call",
     "Subject: Thank you\n\nHi Marco,\n\nThank you for our video interview. I still laugh "
     "about your spaniel strolling into shot halfway through my answer on budgets.\n\n"
     "All the best,\nSiobhan"),
    (T, "the bakery's 5 a.m. bread run to the care homes",
     "Subject: Thank you\n\nDear Hannah,\n\nThank you for the interview. The early-morning "
     "deliveries of bread to the care homes stayed with me long after I left.\n\n"
     "Best regards,\nIgor"),
    (R, "the cathedral roof survey by drone",
     "Hi Felix,\n\nThank you for your kind reply. Although I was disappointed, I understand "
     "the decision, and the drone survey of the cathedral roof is still a highlight of my "
     "year. If you ever have a moment, I'd value a pointer on what would make me a stronger "
     "candidate next time.\n\nBest,\nNoor"),
    (R, "her story about a bus route redesigned by schoolchildren",
     "Hello Ruth,\n\nIt was lovely to hear back from you. Your story about the pupils who "
     "redrew the bus route is one I keep telling friends. I hope to work with your "
     "transport team one day.\n\nWarm wishes,\nKwame"),
    (R, "the pastry lamination demo",
     "Dear Chef Laurent,\n\nThank you for writing back so warmly. That lamination demo "
     "reminded me why I wanted to cook in the first place. I'm glad to hear the new menu "
     "launched well.\n\nBest,\nElif"),
    (R, "",
     "Hi Sam,\n\nThanks for taking the time to reply. I accept I wasn't the right fit this "
     "time, and I'm keener than ever to grow in this field. Would you be open to sharing "
     "one thing I could strengthen before I apply again?\n\nThanks,\nIva"),
    (R, "his advice on reading tide tables",
     "Hi Callum,\n\nThank you for your generous note. Sorry to trouble you again, but your "
     "tip about tide tables has already saved me a wasted trip. All the best to the crew "
     "this season.\n\nCheers,\nMira"),
    (S, "the soil-testing kit",
     "Subject: A quick update\n\nHi Jo,\n\nI hope spring on the farm is treating you well. "
     "Since we spoke I've finished a soil science course and now run all the testing at "
     "my current job, just as you suggested. Thank you again for that nudge.\n\nBest,\nTeo"
     "\n\nPS: I'd still love to join your team; are any openings on the horizon?"),
    (S, "",
     "Subject: Hello again\n\nDear Dr Osei,\n\nThank you again for the interview last "
     "autumn. I recently passed my pharmacology exam and have been mentoring two new "
     "technicians. I'm writing again only to share that news.\n\nKind regards,\nBea\n\n"
     "PS: I would still love to be part of your lab; is anything coming up this year?"),
    (S, "the escape-room puzzle she designed",
     "Subject: Checking in\n\nHi Leah,\n\nI hope the studio is busy in the best way. Your "
     "escape-room puzzle inspired me to build my own, which I launched last month with a "
     "local theatre. Thanks once more for the spark.\n\nWarmly,\nDev\n\nPS: Joining your "
     "team is still a dream of mine; are you hiring later this year?"),
    (S, "",
     "Subject: Six months on\n\nHello Arun,\n\nThanks again for meeting me in March. I've "
     "since earned my forklift licence and led the night shift through peak season. Your "
     "advice on safety briefings paid off.\n\nBest,\nKasia\n\nPS: I'd still love to work "
     "with you all; do you expect any vacancies soon?"),
    (A, "the flood-defence model in the lobby",
     "Subject: Other openings\n\nDear Mr Brandt,\n\nThank you again for the interview; the "
     "flood-defence model in your lobby made me even more eager to work for the agency. I "
     "understand you felt I wasn't the right match for the engineer post. I'd be grateful "
     "to be kept in mind for other openings, as I also hold a boat licence and speak Dutch."
     "\n\nI'm on 07700 900812 or at lars.brandt.applicant@example.com.\n\nBest regards,\n"
     "Lars"),
    (A, "",
     "Subject: Other roles\n\nHi Fatima,\n\nI really valued our conversation about the "
     "festival programme. I accept I wasn't what you needed for the producer role, but if "
     "a marketing post opens up I'd love to be considered: I ran social media for a choir "
     "for three years.\n\nPhone: +44 7700 900451\nEmail: nadia.k@example.org\n\nWarm "
     "regards,\nNadia"),
    (A, "the tasting of the new cider",
     "Subject: Keeping in touch\n\nDear Gwen,\n\nThank you for the cider tasting and the "
     "warm welcome. Although I was disappointed, I understand the decision. Should other "
     "posts come up, in the shop or the orchard, please keep me in mind; I'm also a "
     "qualified first-aider and a keen bookkeeper.\n\nYou can reach me on 01632 960123."
     "\n\nBest,\nRhodri"),
    (A, "",
     "Subject: Other opportunities\n\nHello Mr Ito,\n\nThank you for your time; the day "
     "only strengthened my wish to join the museum. If anything opens in visitor services "
     "or education, I would be glad to be considered. Outside archiving, I have run "
     "school workshops for four years.\n\nMobile: 555-0148\n\nSincerely,\nAmara"),
    (A, "the night shift tour of the sorting office",
     "Subject: Future roles\n\nHi Ben,\n\nThanks so much for the night tour of the sorting "
     "office. I know I wasn't the right fit for the supervisor role, and that's fine. If a "
     "driving or logistics post comes up, I'd love a shot at it; I hold a category C "
     "licence.\n\nI can be reached at 07700 900666 or ben.applicant@example.net.\n\nBest,"
     "\nCarl"),
    (F, "the chemistry practical she let me run",
     "Subject: A request\n\nDear Ms Pryce,\n\nThank you for letting me run the titration "
     "practical with your Year 10 class; I enjoyed it enormously. I understand the decision, "
     "and if you're able to, I'd welcome any feedback on what I could strengthen.\n\n"
     "Email: owain.d@example.com, phone 07700 900321.\n\nBest wishes,\nOwain"),
    (F, "",
     "Subject: Feedback, if possible\n\nHi Lucas,\n\nThanks again for the interview and for "
     "walking me through your release process. I accept I wasn't selected, and I'd be "
     "grateful for a few words on where I could improve, only if you're able to share. "
     "No need to reply quickly.\n\nI'm reachable at 555-0177 or at mia.t@example.com.\n\n"
     "Kind regards,\nMia"),
    (F, "the menu costing exercise",
     "Subject: Thank you, and a question\n\nDear Chef Romano,\n\nThank you for the costing "
     "exercise during the trial shift; it taught me a lot. Sorry to bother you again, but "
     "could you share what held my application back? I'd use it to get better.\n\n"
     "Phone: 020 7946 0321 | Email: luca.applicant@example.com\n\nGrazie,\nLuca"),
    (F, "",
     "Subject: A small favour\n\nHello Dr Mensah,\n\nI enjoyed our discussion about "
     "community health projects. Although I was disappointed, I'd really value hearing "
     "what would make me a stronger candidate next time. I understand if you can't share."
     "\n\nMy number is 07700 900987 and my email is ama.k@example.org.\n\nBest,\nAma"),
    (K, "the 12-hour braise",
     "Subject: Thank you for your feedback\n\nDear Chef Ward,\n\nThank you for your honest "
     "feedback. You said my knife work was not quick enough, so I've been practising every "
     "morning and now prep the whole veg order in under an hour. I hope one day I can cook "
     "in your kitchen.\n\nBest,\nHugo"),
    (K, "",
     "Subject: Thanks for the pointers\n\nHi Amy,\n\nThank you so much for taking the time "
     "to send feedback. You mentioned my stakeholder updates were too long; I've started a "
     "writing course and trimmed my weekly report to one page. I'd still love to join your "
     "team some day.\n\nWarmly,\nPete"),
    (K, "the whiteboard exercise on queueing",
     "Subject: Thank you\n\nDear Olu,\n\nThanks for your thoughtful notes. Although I was "
     "disappointed, your point that my system design lacked a caching layer was fair, and "
     "I've since built a small project to learn Redis properly. I'm even keener to work "
     "with you in future.\n\nBest regards,\nZara"),
    (K, "",
     "Subject: Thank you\n\nHello Rosa,\n\nI really appreciate the feedback you sent. I've "
     "signed up for a conversational Spanish class twice a week, as you suggested. Should a "
     "bilingual role come up, I'd be glad to hear about it.\n\nKind regards,\nEmma"),
    (K, "the ward round at dawn",
     "Subject: Thank you for the feedback\n\nDear Sister Okafor,\n\nThank you for your kind "
     "and honest email. You felt my answers on medication safety were not strong enough, so "
     "I've completed the trust's e-learning module and shadowed our pharmacist for a week."
     "\n\nWith thanks,\nJoy"),
    (R, "the allotment plots behind the office",
     "Hi Will,\n\nThank you for answering so quickly. I understand you went with someone "
     "else, and the allotment behind your office still makes me smile. I'd love to join "
     "you one day.\n\nBest,\nFern"),
    (S, "her tip about learning Excel pivot tables",
     "Subject: An update\n\nHi Carla,\n\nThanks again for the advice at my interview in "
     "the spring. I took an evening class in spreadsheets and now build our monthly stock "
     "reports with pivot tables. Your suggestion made all the difference.\n\nBest,\nTheo\n\n"
     "PS: I'd still love to join Carla's team one day; any openings coming up?"),
    (T, "",
     "Subject: Thank you\n\nDear Ms Novak,\n\nThank you for the opportunity to interview "
     "for the librarian post. I loved seeing the restored map room and hearing how you "
     "digitise the parish records.\n\nKind regards,\nPaul"),
    (A, "",
     "Subject: Any other roles?\n\nDear Imran,\n\nThank you for the interview, which I "
     "enjoyed a great deal. I respect your decision about the analyst role. If a data "
     "engineering or reporting role opens, please think of me; I also know Python and "
     "have built dashboards for a charity.\n\nTel: 0161 496 0555\n\nBest,\nHelen"),
    (F, "",
     "Subject: Thank you and a request\n\nHi Georgia,\n\nThank you for letting me know, and "
     "for a really friendly interview. If you have a spare moment, I'd be grateful for any "
     "feedback that could help me next time.\n\nYou can reach me at g.applicant@example.com "
     "or on 07700 900222.\n\nBest,\nSeb"),
    (K, "",
     "Subject: Grateful for your notes\n\nHi Nina,\n\nThank you for your generous "
     "feedback. I accept that my portfolio lacked research examples, so I've added two case "
     "studies from a volunteer project. I hope to be part of your studio some day.\n\n"
     "Best,\nLiam"),
    (R, "",
     "Hi Greta,\n\nThank you for your lovely message. I accept the decision, and I'm still "
     "very keen on the sector. Wishing the whole team a smooth launch.\n\nAll the best,\n"
     "Marta"),
    (S, "",
     "Subject: Hello from Leeds\n\nDear Mr Clarke,\n\nI hope the new depot is running "
     "smoothly. Since our interview I've qualified as a HGV driver and completed a fleet "
     "safety certificate. Thank you again for the encouragement.\n\nKind regards,\nOla\n\n"
     "PS: I'd still love to work for the company; are there any roles planned for next "
     "year?"),
    (T, "the robot arm that sorted recycling",
     "Subject: Thank you\n\nHi Keiko,\n\nThank you for the interview and the lab tour. "
     "Watching your robotic arm pick bottles off the recycling line was fascinating.\n\n"
     "Best,\nAdam"),
    (A, "",
     "Subject: Other openings\n\nDear Claire,\n\nIt was a pleasure to meet you and the "
     "team. Although I was disappointed, meeting everyone made me keener than ever to work "
     "for the trust. Should other posts open up, I'd love to be considered; I also speak "
     "Polish and hold a minibus permit.\n\nI'm on 07700 900404.\n\nKind regards,\nEwa"),
    (K, "",
     "Subject: Thank you\n\nDear Ian,\n\nThank you for the feedback on my presentation. "
     "You said my slides were too dense, so I rebuilt the deck with one idea per slide "
     "and tried it at a meetup last week. It went down well, thanks to you.\n\nBest,\nRia"),
)

BAD: tuple[tuple[str, str, str, str], ...] = (
    (T, "", "Subject: Thank you\n\nHi Jo,\n\nThank you for the interview. I especially "
     "enjoyed hearing about the new clinic. Could you tell me why I wasn't chosen?\n\nBest,"
     "\nAl", "no-why"),
    (T, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for your time. I loved the tour of the "
     "lab. I had my heart set on this job.\n\nBest,\nAl", "no-hoped"),
    (T, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for your time. I loved the tour of the "
     "lab. Please let me know by Friday if anything changes.\n\nBest,\nAl", "no-pressure"),
    (T, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for your time. I loved the tour of the "
     "lab. Who ended up getting the role?\n\nBest,\nAl", "no-who-hired"),
    (T, "the tour of the lab", "Subject: Thanks\n\nHi Jo,\n\nThanks for letting me know."
     "\n\nBest,\nAl", "thanks-and-specific"),
    (T, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for your time. I loved the tour of the "
     "lab. Frankly, the process felt rigged.\n\nBest,\nAl", "tone"),
    (R, "", "Hi Jo,\n\nWhat could I have done better in the interview? Thank you for your "
     "reply. I enjoyed our chat.\n\nBest,\nAl", "feedback-not-first"),
    (R, "", "Hi Jo,\n\nThank you for your reply. I enjoyed our chat. Could we hop on a "
     "quick call next week to go over it?\n\nBest,\nAl", "no-pressure"),
    (R, "", "Hi Jo,\n\nThank you for your reply. If the new hire doesn't work out, please "
     "call me first.\n\nBest,\nAl", "no-reconsider"),
    (R, "", "Hi Jo,\n\nThank you for your reply. I enjoyed our chat. I was counting on "
     "this offer, to be honest.\n\nBest,\nAl", "no-hoped"),
    (S, "", "Subject: Update\n\nHi Jo,\n\nThanks again for the interview. I've since "
     "finished a course in data analysis.\n\nBest,\nAl", "ps-and-update"),
    (S, "", "Subject: Update\n\nHi Jo,\n\nThanks again for the interview. I've since "
     "finished a data course. Not that it seemed to matter last time.\n\nBest,\nAl\n\nPS: "
     "I'd still love to join the team; any openings coming up?", "tone"),
    (S, "", "Subject: Update\n\nHi Jo,\n\nThanks again for the interview. I've since "
     "finished a data course. Please reply by the end of the week.\n\nBest,\nAl\n\nPS: "
     "I'd still love to join the team; any openings coming up?", "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Would you "
     "reconsider me for the analyst role after all?\n\nPhone: 07700 900111\n\nBest,\nAl",
     "no-reconsider"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Please keep me "
     "in mind for other openings. Call me on 07700 900111 before Friday.\n\nBest,\nAl",
     "no-pressure"),
    (A, "", "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview. Honestly, I "
     "was clearly the strongest candidate you saw. Please keep me in mind for other "
     "openings.\n\nBest,\nAl", "tone"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I want a full "
     "explanation of why you rejected me, and I expect it this week.\n\nEmail: "
     "al@example.com\n\nBest,\nAl", "tone"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. I don't see how "
     "someone with my experience lost out, so any feedback would help.\n\nPhone: 555-0100"
     "\n\nBest,\nAl", "tone"),
    (F, "", "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview. Did the person "
     "you hired have more experience than me?\n\nPhone: 555-0100\n\nBest,\nAl",
     "no-who-hired"),
    (K, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for the feedback, though honestly it was "
     "unfair and you misread my answers.\n\nBest,\nAl", "tone"),
    (K, "", "Subject: Thanks\n\nHi Jo,\n\nThank you for the feedback. Could we meet for "
     "coffee next week to talk it through?\n\nBest,\nAl", "no-pressure"),
    (K, "", "Subject: Thanks\n\nHi Jo,\n\nThank you for the feedback. If the new hire "
     "leaves, please put me back in the running for the role.\n\nBest,\nAl",
     "no-reconsider"),
    (T, "", "Subject: Thanks\n\nHi Jo,\n\nThanks for your time. I loved the tour of the "
     "lab. I thought for sure the job was mine after that.\n\nBest,\nAl", "no-hoped"),
)

# Otherwise good letters of each later kind, and sentences any of them may carry.
LATER: dict[str, str] = {
    R: "Hi Jo,\n\nThank you for your kind reply. {s} Wishing you a good summer.\n\nBest,\nAl",
    S: "Subject: Update\n\nHi Jo,\n\nThanks again for the interview in May. I've since "
       "finished a first-aid course. {s}\n\nBest,\nAl\n\nPS: I'd still love to join the "
       "team; any openings coming up?",
    A: "Subject: Other roles\n\nHi Jo,\n\nThank you for the interview; I valued our talk. "
       "{s} Please keep me in mind for other openings.\n\nPhone: 07700 900111\n\nBest,\nAl",
    F: "Subject: Feedback\n\nHi Jo,\n\nThank you for the interview; I valued our talk. {s} "
       "If you can, I'd welcome any feedback.\n\nPhone: 07700 900111\n\nBest,\nAl",
    K: "Subject: Thanks\n\nHi Jo,\n\nThank you for your feedback. {s}\n\nBest,\nAl",
}
ALLOWED: tuple[str, ...] = (
    "I'm so eager to keep growing in this field.",
    "I'm really keen to work for Northgate one day.",
    "Although I was disappointed not to be offered the role, I understand completely.",
    "I know I wasn't the right fit this time, and I respect that.",
    "I'm writing again to let you know how things have gone.",
    "Sorry to bother you once more.",
    "I've taken your advice about presenting and joined a speaking club.",
    "You were right that my SQL was rusty, so I've been practising every day.",
    "I'm still hoping to join Northgate some day.",
    "It made me want to work with your team even more.",
    "You can reach me at al.applicant@example.com.",
    "I was gutted at first, but I've come to see it was the right call.",
    "The interview was tough but fair, and I learned a lot.",
    "Being turned down pushed me to finish my certificate.",
    "I hope there might be a place for me on the team in future.",
    "I hope the new hire is settling in well.",
    "Your feedback that I lacked leadership examples was spot on.",
)
