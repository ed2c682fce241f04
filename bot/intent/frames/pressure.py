"""Pressing for an answer or a step: deadlines, chasing, a call or a meeting."""

from __future__ import annotations

from bot.intent.frame import innocent, make

_ANSWER = (
    r"repl(?:y|ies|ied|ying)|respon(?:d|ds|se|ses|ding)|answers?|hear(?:d|ing)?|know"
    r"|get(?:ting)? back|revert|decid(?:e|es|ed|ing)|decision|confirm(?:s|ed|ing|ation)?|updates?"
    r"|word|news|let me|back to me|feedback|thoughts|call(?:s|ed|ing)?|meet(?:ing|s)?"
    r"|chat(?:s|ting)?|talk(?:s|ing)?|writ(?:e|ing|ten)|email(?:s|ed|ing)?|contact(?:ed|ing)?"
    r"|(?:please|could you|can you|would you|kindly) (?:\S+ )?send"
)
_PROPOSE = (
    r"(?:a|an|some|quick|short|brief|informal|\S+-minute|\d+ minutes?|(?:ten|five|fifteen"
    r"|twenty|thirty) minutes?|half an hour|an hour) (?:\S+ )?(?:<MEET>)|(?:meet|meet up"
    r"|catch up|chat|talk|speak|call|ring|phone|hop on|jump on|grab|get|have|connect|sit down)"
    r" (?:\S+ )?(?:coffee|lunch|drinks?|dinner|breakfast|a call|a chat|on the phone|by phone"
    r"|over the phone|in person|face to face|for|sometime|soon|next|this|when|at|up|briefly"
    r"|quickly|properly|live|over)|(?:meet|meet up|catch up|grab|sit down) (?:in|during|near"
    r"|outside|after|before|around|nearby|downstairs|somewhere|halfway|between)"
    r"|(?:meet|meet up|catch up|chat|talk|speak|call|ring|phone"
    r"|hop on|jump on|grab|get|have|sit down) on|(?:coffee|lunch|drinks?|dinner|breakfast|a call"
    r"|a chat"
    r"|a meeting|a video call|a phone call) (?:next|this|sometime|one|on|at|in|when|suit"
    r"|work|some|together|soon)|(?<!final )(?<!the )(?<!your )(?<!hiring )(?<!tough )(?:call"
    r"|phone|ring|meet"
    r"|chat|talk|speak)(?= \?|$)"
)
# Where to reach the writer: a way to answer, not a call proposed. The number may come after
# an email address ("reach me at <address> or on <number>").
_ADDRESS = r"\S+ (?:\. \S+ )*@ \S+ (?:\. \S+ )*(?:, )?or (?:on |at )?"
_NUMBER = (rf"(?:(?:call|ring|phone|text|reach|contact|email) (?:me )?|(?:drop|send) me a (?:line"
           rf"|message|note) |get me )(?:on|at) (?:{_ADDRESS})?(?:\+ )?\d+")

# Following up on something they suggested ("I'll follow up on your book recommendation"):
# acting on their advice, not chasing them (unless the sentence chases them as well).
_ON_THEIR_TIP = (r"^(?!.*(?:ping|chase|nudge|check (?:in|back)|(?:call|ring|phone|text|email"
                 r"|write to) you|(?:write|email|message|try|reach out) (?:you )?again|remind))"
                 r"(?:\S+ )*?follow(?:ing)? up (?:on|with)"
                 r" (?:your|the) (?:\S+ )?(?:recommendation|suggestion|tip|advice|book|idea"
                 r"|reading|course|pointer)s?")
# "Call" as naming, not phoning: "I'd call the lab tour the best part of the day".
_NAMING = (r"call (?:it|that|this|the|our|your|a|an|them|him|her) (?:\S+ ){0,8}(?:the|a|an|my"
           r"|one of the) (?:\S+ )?(?:best|highlight|high point|favourite|favorite|standout"
           r"|success|win|treat|gem|masterclass|lesson|privilege|bargain|triumph|team)")

# Their diary named as full: thanks for the time they found, not a bid for more of it.
_FULL_DIARY = (r"(?:packed|full|busy|hectic|crammed|jammed|overflowing|rammed|stretched)"
               r" (?:\S+ ){0,2}(?:your|my) (?:calendar|diary)|(?:your|my) (?:calendar|diary)"
               r" (?:is|must be|gets|was|looks|has been) (?:\S+ )?(?:packed|full|busy|hectic"
               r"|crammed|jammed|overflowing|rammed)")

FRAMES = (
    # A meeting asked about as a possibility ("would it be possible to meet ...", "is it ok
    # for us to talk ..."): a proposal all the same.
    make("propose-meeting", r"(?:would|will|could|is|might) it be (?:\S+ )?(?:possible|ok|okay"
         r"|alright|convenient|feasible|easier|an option) (?:for (?:us|me|you) )?to (?:meet"
         r"|talk|chat|speak|call|phone|ring|catch up|grab|sit down|set up|schedule|arrange"
         r"|have (?:a|an) (?:\S+ )?(?:<MEET>))"),
    make("deadline", r"(?:by|before|until|no later than|within|in the next) (?:the )?(?:end"
         r" of )?(?:this |next |the |a )?(?:few )?(?:<DAY>|days|hours|weeks)", rf"{_ANSWER}",
         # their own plans and feats by a date ("glad the podcast hit its target by Friday")
         unless=(r"(?:hope|wish|good luck|best of luck|launch|opens?|finish(?:ed)?|complete"
                 r"|goes|go well|settles?|ready|hit|hits|reached|met|made|shipped|delivered"
                 r"|target|done|achieve|accomplish|aims?|plans?|goals?|vision|strategy"
                 r"|ambitions?) ~6 (?:by|before|until|within)",
                 # a year is their horizon, never a date for the writer's answer
                 r"(?:by|before|until) (?:the end of )?(?:19|20)\d\d(?![^ ])")),
    # An answer expected by a date ("I expect it by the end of next week").
    make("expect-by", r"i (?:\S+ )?(?:expect|need|require|want) (?:it|this|that|them"
         r"|an? (?:\S+ )?(?:answer|reply|response|explanation|decision|update)|your (?:\S+ )?"
         r"(?:answer|reply|response|explanation|decision|feedback)) (?:\S+ )?(?:by|before"
         r"|no later than|within) (?:the )?(?:end of )?(?:this |next |the |a )?(?:few )?"
         r"(?:<DAY>|days|hours|weeks)"),
    make("urgent", r"at your (?:earliest|soonest) convenience|as soon as (?:possible|you can"
         r"|you are able)|(?:reply|respond|answer|get back|let me know|write back|decide|revert)"
         r" (?:\S+ )?promptly|revert (?:back )?to me|(?:at|by) the (?:soonest|earliest)"
         r"|(?:reply|respond|answer|get back|let me know|write back|hear back|decide|call|ring"
         r"|send|share) (?:\S+ ){0,3}right away"
         r"|urgent(?:ly)? (?:reply|answer|response|matter|request|decision"
         r"|update)|(?:it|this) is urgent|urgently|(?:quick|fast|prompt|speedy|swift)"
         r" (?:reply|answer|response|turnaround|decision)|time-sensitive|time sensitive"
         r"|(?:another|other|competing|second) offers?|offer (?:pending|on the table)"
         r"|at the (?:very )?latest|latest by"
         r"|(?:need|have) to (?:decide|give an answer|let them know|respond)|need an answer"
         r"|timely (?:response|reply|answer|decision|update|feedback)"
         r"|(?:a|my|the|your|tight|hard|firm|strict) deadline(?! (?:story|stories|tale|anecdote"
         r"|joke|crunch|culture|chaos|drama|panic|rush|sprint|war))",
         unless=(r"(?:hope|hoping|wish|luck|thank|thanks|appreciat\S*|enjoyed|grateful) ~8"
                 r" (?:deadline|response|reply|answer|turnaround)",
                 r"(?:filing|project|grant|tax|submission|reporting) deadline",
                 # a deadline as the topic of their words or of a question about work
                 r"your (?:remark|question|point|quote|saying|line|joke|comment|story) ~12"
                 r" deadline|(?:about|on|around|against|meeting|missing|miss|meet) (?:a|the)"
                 r" deadline")),
    make("expect-reply", r"when (?:can|will|should|might|may|could|do|shall) (?:i|we) (?:expect"
         r"|hear|get|know)|when (?:will|can|would) you (?:reply|respond|get back|let me know"
         r"|decide|answer|call)|(?:looking forward to|look forward to|await\S*|waiting for"
         r"|waiting on|expect|expecting) (?:\S+ )?(?:your|a|an) (?:\S+ )?(?:reply|response"
         r"|answer|decision|call|word)|hear back (?:from you )?(?:soon|shortly|quickly|this"
         r"|next|by)|(?:hope|hoping|hoped|expect"
         r"|expecting) to hear (?:back )?(?:from you )?(?:soon|shortly|quickly"
         r"|this week|by)"),
    make("confirm-receipt", r"confirm (?:\S+ ){0,3}(?:received|receipt|got|seen|read|reached)"
         r"|(?:did|have) you (?:get|got|receive|received|see|seen|read) my (?:\S+ )?(?:email"
         r"|message|note|letter|last|previous|application|voicemail)|to make sure you (?:see"
         r"|saw|got|get|received|read)|in case (?:this|it|my \S+) (?:got|gets|was|is|went)"
         r" (?:buried|lost|missed|overlooked|unnoticed|unread)|make sure (?:this|it|my \S+)"
         r" (?:reaches|reached|gets to|got to) you|sent (?:this|it|the same) ~4 as well|also"
         r" sent (?:this|it)|resend\S*|re-send\S*|bump\S* (?:this|my)|read receipt"),
    make("chasing", r"(?:i will|i d|i would|i am going to|i plan to|i intend to|i shall"
         r"|i might|i may) (?:\S+ ){0,3}(?:follow up|follow-up|ping|chase|nudge|check in|check back"
         r"|write again|email again|try again|reach out again|get in touch again|circle back"
         r"|keep checking|drop by|swing by|stop by|pop by|pop in|come by|call you|ring you"
         r"|phone you"
         r"|text you|give you a (?:ring|call|buzz|bell|shout)|call|ring|phone|text|(?:calling"
         r"|phoning|ringing|chasing|following up with|emailing|contacting) (?:you|your|the"
         r" (?:recruit\S*|hr|hiring|team|office|panel|company))"
         r"|message you again|send (?:you )?(?:another|a reminder)|be in touch (?:again )?(?:on"
         r"|next|in|by)|chase|keep trying|visit your office|show up|turn up|come to your)",
         unless=(_ON_THEIR_TIP, _NAMING)),
    make("writing-again", r"(?:writing|emailing|reaching out|getting in touch|contacting you"
         r"|bothering you|troubling you|messaging you) (?:\S+ )?again|another (?:email|message"
         r"|note|letter)", excuse="again"),
    make("chasing", r"(?:following up|checking in) (?:\S+ )?again"
         r"|(?:did not|have not|had not|never) (?:get|got|had|receive|received|hear) (?:a|any)"
         r" (?:reply|response|answer)|(?:to|will|going to|plan to|d) follow up(?! (?:on|with)"
         r" (?:your|the) (?:recommendation|suggestion|tip|advice|book|idea|reading|course))"
         r"|since i (?:have not"
         r"|did not|had not|still have not) heard|as i (?:have not|had not|still have not)"
         r" heard|(?:have not|did not|had not|still have not) heard (?:back|anything|a thing"
         r"|from you)|no (?:reply|response|answer|word) (?:yet|so far)|following up on my"
         r"|as a follow-up to my|circling back|checking in again|still waiting|keep checking"
         r" in|every (?:couple of|few|other) (?:days|weeks)|(?:friendly|gentle|quick) reminder"
         r"|another reminder|(?:tried|trying|try) (?:calling|ringing|phoning|to (?:call|ring"
         r"|phone|reach you|get (?:hold of|through to) you)) (?:\S+ )?(?:twice|again|several"
         r"|a few|a couple|\S+ times|you|your)|(?:on|via|through) (?:linkedin|email|phone"
         r"|text|whatsapp) (?:as well|too)"),
    make("talk-it-through", r"(?:talk|go|walk) (?:it|things|this|that|them) (?:through|over)"
         r"|(?:if i|in case i|should i) (?:do not|have not|still do not|can not) (?:get|hear"
         r"|receive)|(?:reach out|write|go|turn) to (?:your|the) (?:assistant|manager|boss"
         r"|colleague|hr|ceo|director|head|recruiter|team lead)|over your head|escalate"
         # Counting one's messages is chasing; "my third attempt finally stayed up" counts
         # tries at something else, so an attempt counts only when it is at reaching them.
         r"|(?:my|this is my) (?:second|third|fourth|fifth|\d+(?:nd|rd|th)|last) (?:message"
         r"|email|note|time writing|letter|(?:attempt|try)(?= (?:at|to) (?:reach\S*"
         r"|contact\S*|writ\S*|email\S*|get\S* (?:in touch|hold|through))| [).!?]|$))"),
    make("propose-meeting", rf"(?:could|can|would|shall|might|may|will) (?:we|i|you) ~6"
         rf" (?:{_PROPOSE})"),
    make("propose-meeting", rf"(?:{_PROPOSE})", asks=True, unless=(
        r"caught up (?:on|with) (?:\S+ )?(?:sleep|rest|work|emails?|backlog|paperwork|admin"
        r"|orders|reading)",
        r"call (?:cent(?:re|er)s?|handling|queues?|scripts?|logs?|volumes?)",
        r"(?:thank|thanks|enjoyed|loved|appreciated|was a|highlight|the call with|the chat"
        r" with|our chat|our call|our conversation|our talk|the meeting with) ~8 (?:<MEET>)",
        # the talk they had, told as what stayed with the writer ("Our chat over that inbox
        # stayed with me"), with no proposal anywhere in the sentence
        r"^(?!.*(?:\?|let s|let us|how about|what about|(?:shall|could|can|might) we|coffee"
        r"|lunch|drinks?|sometime|soon|next|love to (?:meet|chat|talk|catch|grab|call|speak)))"
        r"(?:our|that|the) (?:\S+ )?"
        r"(?:<MEET>) (?:\S+ ){0,12}?(?:stayed|stuck|was|made|left|gave|reminded|inspired"
        r"|taught|showed|has|had|kept|got)",
        r"who (?:would have|knew|could have|would|would ve|d have) ~2 (?:guessed|thought|known"
        r"|imagined|believed)|who knew",
        r"(?:your|the) (?:talk|keynote|presentation|lecture|panel talk) (?:at|on|about|to|for"
        r"|go|went)|how (?:did|was|is|are|were) (?:your|the)",
        r"(?:if|when|whenever) you (?:ever |do |still )?(?:have|had|get|got|find|found|can spare"
        r"|could spare) (?:a |some )?"
        r"(?:few |spare |free |quiet |couple of )?(?:minutes?|moments?)", _NUMBER)),
    make("reply-soon", r"(?:write back|get back to me|reply|respond|answer me|hear back|let me"
         r" know|get in touch) ~4 (?:soon|quickly|shortly|promptly|at once|straight away|today"
         r"|this week|asap|as soon)|(?:inbox|phone|email|mail) for (?:your|a|an) (?:\S+ )?(?:reply"
         r"|answer|response|decision)|(?:wait|waiting|await|awaiting|watch|watching) (?:\S+ )?"
         r"(?:for|on) (?:your|a|an) (?:\S+ )?(?:reply|answer|response|decision|call)",
         # their quick answer thanked for, which a reply to them often opens with
         unless=(r"(?:kind|good|lovely|nice|generous|sweet|thoughtful|gracious) of you to"
                 r" (?:write back|reply|respond|answer|get back)|thank\S* (?:you )?(?:\S+ )?"
                 r"(?:much )?for (?:writing back|replying|responding|getting back|answering)",
                 # no reply asked for at all ("No need to reply quickly")
                 r"(?:no need|not necessary|no obligation|no rush|no hurry|(?:do not|never)"
                 r" (?:feel )?(?:need|have) to) ~3 (?:write back|reply|respond|answer|get back"
                 r"|hear back)")),
    make("visit", r"(?:pop|drop|swing|stop|come|call|head) (?:in|into|by|round|over|down) ~3"
         r" (?:office|reception|studio|shop|store|site|building|hq|you|clinic|school|ward"
         r"|lab|the)|visit (?:you|your (?:office|studio|site|team))|come (?:and|to) see you"
         r"|turn up|show up", r"i will|i d|i could|i can|i might|shall i|can i|could i|may i"
         r"|i am going to|i plan to|i thought i d|i would|happy to|i am happy to|next|tomorrow"
         r"|on (?:monday|tuesday|wednesday|thursday|friday)", unless=(r"(?:thank|thanks"
         r"|letting me|let me|enjoyed|loved|invited|inviting)", r"(?:exhibition|conference|stand"
         r"|booth|fair|festival|expo|meetup|open day|gallery|museum|show)")),
    # Treating them to a coffee or a meal is a meeting by another name.
    make("treat-them", r"(?:take|buy|treat|shout|get) you (?:out )?(?:to |for )?(?:a |an |some"
         r" |one )?(?:\S+ )?(?:coffee|flat white|latte|cappuccino|espresso|cuppa|tea|drink|pint"
         r"|beer|lunch|dinner|breakfast|brunch|meal|bite|cake)(?![^ ])"),
    make("free-for", r"(?:are|would|will|is|were) (?:you|there) ~3 (?:free|available|around"
         r"|up) (?:for|to meet|to chat|to talk|next|this|on|one|sometime|at|in)"),
    make("free-for", r"(?:let us|lets) (?:meet|grab|get|have|set up|schedule|find|arrange"
         r"|book|catch up|chat|talk|hop|jump|plan)|(?:schedule|set up|arrange|book|booked"
         r"|scheduled|fix|organise|organize|put) (?:a|an|some|the|in)? ?(?:\S+ )?(?:call"
         r"|meeting|chat|time|slot|catch-up|catch up|coffee|lunch|conversation|appointment)"
         r"|calendly|(?:your|my) availability|a (?:slot|time) that"
         r" (?:suits|works)"
         r"|number to (?:reach|call|ring|text)|(?:reach|call|ring) you on"
         r"|(?:good|best|convenient|better|right) time to (?:call|phone|ring|reach|catch|meet|talk"
         r"|speak|chat|(?:pop|drop|swing|stop|come) (?:by|in|round|over)|visit (?:you|your"
         r" (?:office|studio|team|site)))"),
    # A calendar named to fit a meeting in; one named as full is thanks for the time given.
    make("free-for", r"(?:your|my) (?:calendar|diary)", unless=(_FULL_DIARY,)),
    innocent("full-diary", _FULL_DIARY),
    # "Whenever suits" proposes a time to meet or talk, unless it closes where to reach the
    # writer, or offers a note they may write: then it hands them the timing, asks for none.
    make("free-for", r"whenever (?:suits|works|you are free)",
         unless=(rf"(?:{_NUMBER}|(?:reach|contact|email|write to|call|ring|phone|text) me)"
                 r" ~3 whenever", r"(?:i am|i m) (?:at|on) (?:\S+ ){0,16}whenever",
                 # a note they may send when they like: words, not a time to meet
                 r"(?:feedback|pointers?|thoughts|advice|reply|response|answer|words|notes"
                 r"|views|comments|tips) ~8 whenever (?:suits|works)",
                 r"(?:hear|read|receive|get) (?:it|them|that|those|from you|your \S+)"
                 r" whenever")),
    # Their time asked for ("ten minutes of your time"), not thanked for having been given.
    make("your-time", r"(?:minutes?|hour) of your time",
         unless=(r"(?:thank\S*|grateful|appreciat\S*|gave|giving|spent|spending|for) ~6"
                 r" (?:minutes?|hour) of your time",)),
    make("free-for", r"(?:phone|video|zoom|teams|skype) (?:call|chat|conversation|meeting)"
         r"|on (?:teams|zoom|the phone|skype|google meet|facetime)|over the phone|by phone"
         r"|(?:does|would|will|could|is) <DAY> ~3 (?:suit|work|be (?:ok|okay|convenient"
         r"|possible|free))", asks=True,
         unless=(r"(?:our|the|your|that|first|last|earlier) (?:\S+ )?(?:phone|video|zoom"
                 r"|teams|skype) (?:call|chat|conversation|meeting) (?:with|was|were|in|last"
                 r"|earlier|about|you)|when we (?:spoke|talked|chatted)|(?:was|were) on the phone"
                 r"|on the phone (?:last|earlier|yesterday)",)),
    make("call-me", r"(?:^|please |feel free to |just |you can |do |you could |hesitate to"
         r" |happy for you to |welcome to |free to |then )(?:ring|phone|text|call|whatsapp)"
         r" me|give me a (?:ring|call|buzz|shout)|my (?:direct |phone |mobile |cell |personal )"
         r"?(?:number|line|extension) is|if (?:it is|that is|you find it|it s|you d find it)"
         r" (?:\S+ )?(?:easier|quicker|simpler|more convenient) to (?:talk|chat|call|speak"
         r"|discuss|phone|ring)|(?:your|a) (?:direct|phone|mobile|cell|personal)"
         r" (?:number|line|extension)|your (?:number|extension)(?! one| of)|" + _NUMBER,
         excuse="contact"),
    # How the writer may be reached, offered ("Happy to talk by email, or on +1 415 555 0187"):
    # a way to answer with no time, call or meeting asked for. The letters that give contact
    # details by design welcome it; a first note still leaves it out.
    make("call-me", r"^(?:and )?(?:i am |i m |i d be |i would be |i will be |i ll be )?(?:always"
         r" |very |more than )?(?:happy|glad|available|free|easy|reachable)(?: to (?:talk|chat"
         r"|speak|hear from you|be reached|be contacted))?(?: (?:by|over|via|on|at|or|the|email"
         r"|e-mail|mail|phone|mobile|whatsapp|,|\+|\d+)| \S+ (?:\. \S+ )*@ \S+(?: \. \S+)*)+"
         r"(?= [.!]|$)", r"\d{3,}|@", excuse="contact"),
)
