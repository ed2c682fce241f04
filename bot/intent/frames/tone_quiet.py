"""Tone problems said quietly, with no harsh word to give them away: backhanded praise of the
process, a told-you-so aimed at the panel's judgement, and a hedged guess at one's own
inadequacy. (The loud forms are in `bot.intent.frames.tone`.)"""

from __future__ import annotations

from bot.intent.frame import make

_PROCESS = r"rounds?|stages?|process|interviews?|tasks?|steps?|assessments?|assignments?"
_HEDGE = r"probably|clearly|obviously|evidently|likely|just|simply|surely"

FRAMES = (
    # Praise of the process's size or length that only a sarcastic reading makes sense of:
    # "Six stages was certainly thorough." A plain "the process was thorough" is a compliment.
    make("backhanded-process", rf"(?:{_PROCESS}) (?:was|were|is|are) (?:certainly|definitely"
         r"|sure|surely|quite|rather|nothing if not) (?:\S+ )?(?:thorough|exhaustive|extensive"
         r"|comprehensive|long|lengthy|an experience|a marathon|a journey|an education"
         r"|an endurance)"),
    # Success reported against what they thought of the writer: a told-you-so.
    make("told-you-so", r"whatever (?:the|your|you|they) (?:\S+ )?(?:thought|said|believed|felt"
         r"|concluded|decided)|(?:despite|contrary to) what (?:the|your|you|they) (?:\S+ )?"
         r"(?:thought|said|believed|felt|concluded)|(?:prove|proved|proving|proven) (?:you"
         r"|them|the panel|the team|everyone|everybody|the doubters) wrong"
         r"|turns out i (?:could|can|was|am) ~8 after all"
         # news held up as proof against their judgement ("which shows I was up to it
         # all along"); news of what one learned proves nothing against anyone
         r"|(?:prove|proves|proved|proving|proven|shows?|showed|shown|goes to show)"
         r" (?:that )?(?:i|me) (?:\S+ ){0,2}(?:was|were|am|could|can|had|did|knew)"
         r" ~4 (?:all along|after all|from the start|from the beginning)(?= [.!,;]|$)"
         r"|i (?:was|could|had|did) (?:\S+ ){0,3}(?:capable|able|qualified|ready|good enough"
         r"|up to (?:it|the job|the task)|what it takes|right) ~3 all along"
         # measured against the credit they gave ("more capable than your panel gave me
         # credit for")
         r"|than (?:\S+ ){0,3}(?:gave|give|gives|given) me credit for"),
    # Their judgement disputed: the feedback argued with, the answer "misread". Thanking
    # them for feedback is a later letter's point; arguing with it is not.
    make("disputes-judgement", r"(?:do not|did not|can not|could not|would not) (?:\S+ )?"
         r"(?:agree|accept) (?:that (?:my|i|the|your)|with (?:the|your|that|this) (?:\S+ )?"
         r"(?:feedback|assessment|decision|verdict|judgement|judgment|comments?|view|point"
         r"|conclusion|criticism|reasons?))|(?:answer|answers|response|example|work"
         r"|portfolio|it|i|that|this|my (?:\S+ )?\S+) (?:was|were) (?:\S+ )?(?:misread"
         r"|misunderstood|misjudged|misinterpreted)|you (?:\S+ )?(?:misread|misunderstood|misjudged"
         r"|underestimated|underrated) (?:me|my)"
         # the outcome itself disputed ("I don't see how someone with my record came out
         # behind")
         r"|(?:do not|can not|could not|fail to|struggle to) (?:\S+ )?(?:see|understand|fathom"
         r"|grasp) how (?:someone|anyone|a candidate|somebody|a person|i|an applicant)"
         r" (?:with|of) (?:my|such|this|that|all)"),
    # Sorry for having wasted their time: self-deprecation, not courtesy.
    make("wasted-time", r"(?:sorry|apolog\S*) (?:\S+ ){0,3}wasted|i (?:\S+ )?wasted (?:\S+ ){0,3}"
         r"time|(?:was|been) (?:such )?a waste of (?:your|the|their) (?:\S+ )?time"),
    # A hedged guess that the writer fell short, rather than accepting the decision plainly
    # ("I understand I wasn't the right fit" is an acknowledgement, not a guess).
    make("self-doubt", rf"(?:i|i m|i am) (?:{_HEDGE}) (?:was not|am not|were not|not) (?:\S+ )?"
         r"(?:what|who) (?:you|the team|the panel|they) (?:were|are|was) (?:\S+ )?(?:looking"
         r"|hoping|after|wanted|needed)|i must (?:not )?have (?:been|come across|seemed) (?:so |too"
         r" |very |really )?(?:nervous|awkward|underwhelming|unprepared|disappointing|boring|weak)"
         # the worst they ever met ("I must be the worst interviewee you've ever had")
         r"|(?:i|me) (?:\S+ ){0,3}worst (?:interviewee|candidate|applicant|interview|hire)"
         r" (?:\S+ )?(?:you|they) (?:have |ve |had |d )?(?:ever|probably|likely)"
         r"|(?:sorry|apolog\S*) (?:that )?i (?:was|got|seemed|came across) (?:so |too |a bit |such"
         r" |rather |very )?(?:a )?(?:nervous|rambl\S*|flustered|awkward|unprepared|scattered"
         r"|tongue-tied|mess|wreck|disappointment)"),
    # Sarcasm aimed at oneself or at the contest: having been the wrong person altogether,
    # a sporting cliché that shrugs the outcome off.
    make("sarcastic-shrug", r"(?:remember|try|learn|manage|aim) to be (?:somebody|someone"
         r"|anybody|anyone) else|may the best (?:man|woman|person|candidate|applicant) win"
         # an aside that the writer's efforts never counted ("not that it seemed to count for
         # much last time", "not that my qualifications seemed to matter")
         r"|not that (?:\S+ ){1,5}?(?:count|counted|counts|matter|mattered|matters|helped|mean"
         r"|meant|made any difference|makes any difference)(?! to)"),
    # Disbelief that someone as qualified as the writer lost, or that they missed what the
    # writer brings: entitlement put as surprise.
    make("entitled-surprise", r"(?:can not|could not|still can not|do not) (?:\S+ )?believe"
         r" (?:\S+ ){0,6}(?:lost out|missed out|was (?:rejected|turned down|passed over|overlooked)"
         r"|did not (?:get|make)|got passed over)"
         r"|(?:missed|overlooked|passed over|ignored|did not see) (?:what|everything|all) i"
         r" (?:bring|brought|offer|offered|have to offer|could bring)"
         r"|(?:twice|double|triple|three times|more than) (?:the )?(?:experience|years"
         r"|qualifications) (?:of|than) (?:most of |many of |half )?(?:your|the|their)"
         r" (?:\S+ )?(?:staff|team|people|employees|candidates|hires|managers)"),
    # The process judged by its result for the writer ("... and I still lost out, which says
    # something about the process").
    make("says-something", r"(?:which|that|this|it) (?:\S+ )?(?:says|tells|speaks|shows)"
         r" (?:you )?(?:something|a lot|volumes|plenty|it all|everything|all you need to know)"
         r" about (?:the|your|this|how) (?:\S+ )?(?:process|decision|panel|hiring|selection"
         r"|judgement|judgment|priorities|standards|company|choice|decisions)"),
    # The decision called unfair or strange, or the writer's answers all correct: a grievance
    # however politely put.
    make("not-fair", r"(?:decision|process|outcome|result|choice|selection|it|this|that)"
         r" (?:was|is|seems|seemed|felt|feels) (?:\S+ ){0,2}not (?:\S+ )?(?:fair|right|just)"
         r"(?= [.!,;]|$| to me| on me)|i (?:do not|did not) (?:\S+ )?think (?:it|the decision"
         r"|this|that|the process|the outcome) (?:was|is) (?:\S+ )?fair"
         r"|(?:found|find) (?:the|your) (?:decision|outcome|result|choice) (?:\S+ )?(?:strange"
         r"|odd|baffling|bizarre|puzzling|surprising|hard to (?:understand|accept))"
         r"|(?:although|though|but) i (?:\S+ ){0,3}(?:found|find) it (?:\S+ )?(?:strange|odd"
         r"|baffling|bizarre|puzzling)(?= [.!,;]|$| because| given| since| as)"
         r"|i (?:answered|got|aced|nailed|solved) (?:every|all|each) (?:\S+ ){0,3}(?:questions?"
         r"|tasks?|exercises?|problems?) (?:\S+ )?(?:correctly|right|perfectly|without"
         r" (?:a|any) (?:mistake|error|slip))"),
    # The writer ranked above the person chosen, or above everyone they saw.
    make("above-the-rest", r"i (?:was|am|m|were|would have been|d have been) (?:\S+ ){0,2}the"
         r" (?:stronger|better|more qualified|more experienced|more capable|more suitable"
         r"|safer|obvious)(?![^ ])"
         r"|(?:no one|nobody|no-one|none of the (?:\S+ )?(?:others|candidates|applicants))"
         r" (?:else )?(?:\S+ ){0,3}(?:has|had|have|brings?|brought|matches|matched|comes close"
         r" to) (?:\S+ )?(?:my|as much) (?:\S+ )?(?:experience|skills?|background|expertise"
         r"|track record|knowledge|qualifications)"),
    # Running oneself down ("a fairly hopeless one when it comes to anything else").
    make("hopeless-me", r"(?:i|i am|i m|i was|i will always be|i ll always be) (?:\S+ ){0,8}"
         r"(?:a|an) (?:\S+ )?(?:hopeless|useless|lost) (?:one|case|cause)|i (?:am|m|was)"
         r" (?:\S+ )?(?:hopeless|useless|rubbish|terrible|awful) at (?:interviews?|this|these"
         r"|selling myself|presenting|anything)"),
    # Demanding the explanation; qualifications that "clearly exceed" the post; nothing more
    # the writer "could have offered"; never sounding like "a proper" one of them.
    make("insists", r"(?:must|have to|will) (?:\S+ )?insist (?:on|that)|i insist"
         r"|(?:qualifications|experience|skills|cv|background) (?:\S+ )?(?:clearly|far|easily"
         r"|well|greatly) (?:exceed|exceeds|exceeded|surpass\S*|outstrip\S*)"
         r"|(?:can not|cannot|could not|fail to) see what (?:more|else) i (?:could|should)"
         r" (?:have|ve) (?:offered|done|given|shown|brought|said)"
         r"|i (?:will|ll) never (?:\S+ )?(?:sound|look|be|pass) (?:\S+ )?(?:like|as|for) a"
         r" (?:proper|real|true)"),
)
