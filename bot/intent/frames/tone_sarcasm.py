"""Sarcasm: the barb dressed as something else (an ironic euphemism, a wish aimed at the
person hired, a resigned "I guess ... after all", a tag that lands last) and the bitter
generalisation about "people like me". Split from `bot.intent.frames.tone` (the plain
feelings, complaints and claims) because each reads by a different cue: here the cue is the
turn of phrase, there the word itself."""

from __future__ import annotations

from bot.intent.frame import make

FRAMES = (
    # Sarcasm that a surface cue gives away: an ironic euphemism ("to put it kindly"), a barb
    # aimed at the person hired or dressed as a wish ("I hope whoever you picked knows how
    # lucky they are", "I hope you're happy with your pick"), a
    # cynical motive pinned on them ("clearly you wanted someone who never argues"), a
    # resigned "I guess ... not ... after all", thanks for the rejection itself, a setback
    # called "character building", a pointed "and you know it".
    make("sarcastic-aside", r"to put it (?:kindly|mildly|politely|nicely|gently|diplomatically"
         r"|charitably|generously|delicately|lightly)|character(?:-| )building"
         r"|thank\S* (?:you )?(?:\S+ ){0,2}for (?:the|your|this) rejection(?= [.!,;]|$)"
         r"|(?:hope|trust|wish) ~4 (?:<HIREE>|they|he|she) ~4 (?:appreciat\S*|realis\S*"
         r"|realiz\S*|knows? how|lives? up|is worth|was worth|are worth|deserv\S*|up to the"
         r"|can handle|how lucky)|<HIREE> ~6 (?:how lucky|lucky to)"
         r"|<HIREE> ~8 lucky(?= [.!,]|$)|<HIREE> ~3 (?:can|could|will|would) actually"
         r" (?:handle|cope|manage|deliver|keep up|do the job|do it|hack it|cut it|lead|run|fix)"
         r"|(?:hope|trust) ~3 (?:you|they|the (?:panel|team|committee)|your team) (?:are|re"
         r"|will be|feel|realis\S*|realiz\S*|know|see) (?:\S+ )?(?:(?:happy|pleased|satisfied"
         r"|content) with (?:your|the|their) (?:choice|decision|pick|hire)(?! of)|what (?:they"
         r"|you) (?:\S+ )?(?:passed up|missed|lost|gave up|turned down|let go))"
         r"|<HIREE> ~4 (?:as (?:good|great|strong|talented|brilliant|capable|impressive) as"
         r" (?:you|they|the panel|the team|everyone) (?:think|thought|hope|expect|believe))"
         r"|(?:clearly|obviously|evidently|apparently|presumably|i guess|i suppose) (?:, )?"
         r"(?:\S+ ){0,3}(?:wanted|preferred|needed|valued|were after|was after|were looking for"
         r"|was looking for|went for) (?:someone|somebody|a person|people|yes-men|an? (?:\S+ )?"
         r"(?:\S+ )?who)"
         r"|(?:i guess|i suppose|apparently|evidently|so much for) ~10 (?:not|never|no) ~6"
         r" after all(?= [.!?]|$)"
         r"|(?:and|i (?:think|believe|suspect|am sure)|deep down) (?:\S+ ){0,2}you (?:know"
         r"|knew|realise|realize) (?:this|it|that)(?= [.!]|$)|we both know"
         r"|(?:i guess|i suppose|apparently|evidently|presumably) (?:\S+ ){0,2}(?:my|i)"
         r" (?:\S+ ){0,2}(?:was|were|am|is|are) (?:just |simply )?(?:too|not)"
         r"|such as it (?:was|is)(?= [.!,;]|$)|(?:message|point) (?:received|taken)(?= [.!,;]|$"
         r"| loud)|(?:got|get|heard|hear|received) (?:it|that|you|the message|your message)"
         r" loud and clear|, but (?:ok|okay|fine|whatever)(?= [.!]|$)"
         r"|(?:glad|happy|nice) (?:that )?(?:someone|somebody) else (?:gets?|got) to"
         r"|(?:designed|meant|set up|intended|built) to (?:trip|catch|trick|fail|confuse"
         r"|embarrass|weed) (?:me|candidates|people|us)"
         r"|(?:perhaps|maybe) next time (?:\S+ ){0,2}(?:you|they|your \S+|the \S+) (?:will|might"
         r"|could|can) (?:actually )?(?:read|look|listen|check|prepare|ask|bother|remember"
         r"|turn up|show up)|mistakes were made|mistakes happen (?:in )?(?:hiring|recruit\S*"
         r"|selection|(?:the|any) (?:process|decision))"
         r"|(?:you will|you ll|you may|you might) (?:\S+ )?(?:find|see|realise|realize|learn"
         r"|discover) (?:that )?i was right|(?:you will|you ll|you may|you might) (?:\S+ ){0,2}"
         r"(?:find out|see|realise|realize|learn|discover) (?:\S+ ){0,3}(?:that )?you (?:needed"
         r" (?:me|someone like me|somebody like me)|should have (?:hired|picked|chosen|taken) me"
         r"|made a mistake)"
         # thanks for what wronged the writer; a waste of time praised with a wink
         r"|thank\S* (?:you )?(?:so much |very much )?for (?:wasting|ghosting|using up|eating up"
         r"|stringing me"
         r"|leading me on|nothing(?= [.!,;]|$))"
         r"|must be nice to (?:\S+ ){0,8}(?:afford|turn away|turn down|reject|pass on|ignore"
         r"|overlook|waste)"
         r"|(?:clearly|obviously|surely|certainly|what a) (?:\S+ ){0,8}(?:great|good|wonderful"
         r"|fantastic|brilliant|excellent|fine|productive) use of (?:\S+ ){0,2}time"
         # congratulated on paying less ("congratulations on saving a bit on salary")
         r"|(?:congratulations|congrats|well done|good for you|kudos) (?:\S+ ){0,2}on (?:saving"
         r"|cutting|trimming|keeping) (?:\S+ ){0,8}(?:salar\S*|wages?|(?:pay|the hire)"
         r"(?= [.!,;]|$))"),
    # or a dig through a wish for others ("better organised for the next person than for me")
    make("sarcastic", r"(?:but|,) apparently not(?= *[.!]|$)|in your (?:world|book)(?= *[.!?]|$)"
         r"|(?:next time|from now on) i (?:ll|will) (?:just )?pretend|than (?:it was|they were)"
         r" (?:for|to) me(?= *[.!]|$)"),
    make("sarcasm", r"like me (?:was|is|were|are) (?:never|not|hardly) (?:\S+ )?(?:going to"
         r"|in the running|in with a chance|a contender|standing a chance)"
         r"|(?:people|someone|candidates|women|men|folks|anyone) like me (?:never"
         r"|always|do not|can not|will never|just|are never|are always|get|don)|some of us"
         r"|i am used to (?:rejection|being|it|this|hearing)|used to being"
         r" rejected|(?:used|accustomed) to (?:coming|finishing|being) (?:second|last|runner-up"
         r"|the runner-up|passed over|overlooked)|no stranger to (?:rejection|coming second"
         r"|being (?:turned down|rejected|passed over))|keep failing|never good enough"
         r"|what (?:else|more) (?:you|they|the panel"
         r"|the team) (?:\S+ )?(?:wanted|expected|could want|needed|want) (?:from|of) me"
         r"|(?:i am|i was) (?:just )?not what (?:you|they) (?:wanted|were looking for)"
         r"|(?:told|said) (?:that )?i was (?:perfect|ideal|a great fit|the best|a strong|exactly)"
         r"|(?:is|was|are|were) not worth (?:much|anything|a thing|a lot|that much|very much)"
         r"|worth nothing|(?:experience|years|degree|skills|qualifications) (?:\S+ ){0,3}(?:mean"
         r"|means|meant|count|counts|counted|matter|matters|mattered) (?:nothing|little)"
         r"|(?:you|the team|your team|they) (?:\S+ )?(?:lost|missed out|missed|passed up) (?:out"
         r"|on (?:me|a great|a strong|someone)|a great|a strong|the best|someone|a real|a gem)"
         r"|(?:whoever|who|hire|person|candidate|chose|choice|picked|decision|they|he|she)"
         r" (?:\S+ ){0,4}worth it(?= [?.!]|$)|ruined (?:it|everything|my chances)"
         r"|not the most (?:\S+ )?"
         r"(?:impressive|qualified|experienced|polished|exciting)|good enough after all"
         r"|you (?:could|might|should|would) actually (?:read|look|listen|check|open|ask)"
         r"|not (?:a )?(?:great|good|nice|professional) look|(?:had|has|have) (?:little|nothing)"
         r" to do with (?:the )?(?:actual|real) (?:job|role|work|position)"
         r"|(?:not|never|no) (?:\S+ ){0,5}(?:a )?fair (?:chance|shot|hearing|go|crack)"
         r"|lucky to (?:have|get) (?:me|someone like me)"),
)
