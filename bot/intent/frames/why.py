"""Asking why, or how, the decision was made, or what the reasons were."""

from __future__ import annotations

from bot.intent.frame import make

_DECIDED = (
    r"decided|decide|weighed|weigh|chose|choose|picked|selected|narrowed|compared|judged"
    r"|ranked|scored|assessed|evaluated|reached|arrived at|came to|settled on|made"
)
_TOPIC = r"<DECISION>|<REJECT>|not me|over me"
_EXPLAIN = (
    r"explain|explaining|explanation|understand|understanding|clarify|clarity|insight"
    r"|make sense|walk me through|shed (?:some )?light|elaborate|unpack|justify"
    r"|justification|know|hear|learn|share|tell me|what|which|on what|something|anything"
    r"|specific|particular|made you|led you|caused|behind"
    # "how" asks how it was decided, not how much the writer feels ("it showed me how much
    # I'd like to work there")
    r"|how(?! (?:much|keen|eager|excited|glad|happy|grateful|lucky|strongly|deeply) (?:i|we) )"
)

# Telling why, not asking: "I can see why", "you'll see why I never shut up about them".
# The reasons understood, now or from what they wrote ("I understood from your note why"),
# or known and a help already ("Knowing why has helped me"): not asked for.
_KNOWN_WHY = (r"(?:<ACK>|(?:i|you ll|you will|you d) (?:(?:can|do|fully|completely|totally|now"
              r"|soon|quickly) )?(?:see|get|know|understand|understood|saw|knew|follow)"
              r"(?: (?:from|in|after|reading|through)(?: \S+){1,3}?)?) why(?![^?]*\?)",
              # knowing the reasons told as what has helped, not what would
              r"(?:knowing|learning|hearing|understanding) why (?:\S+ ){0,10}?(?:has (?:\S+ )?"
              r"(?:helped|been|made)|helped|helps|made)(?![^?]*\?)(?![^ ])")

# The outcome acknowledged as known ("I know the role wasn't the right fit, but I'd love to
# be kept in mind"): the "know" is the writer's, not a wish to know the reasons.
_KNOWN_MISFIT = (r"i (?:\S+ )?know (?:that )?(?:\S+ ){0,8}?<NOT> (?:quite |really )?(?:the |a )?"
                 r"(?:right|best|ideal|perfect|good|strong|closest) (?:\S+ )?(?:fit|match)"
                 # the outcome known and told plainly, with nothing about it asked
                 r"|^(?!.*(?:what|why|how|which|explain|reasons?|understand|insight))(?:\S+ )*?i"
                 r" (?:\S+ )?know (?:that )?(?:\S+ ){0,4}?(?:went|has gone|had gone|was going)"
                 r" (?:another|a different|someone else s) (?:way|direction|route)")

FRAMES = (
    make("why-not-me", r"why ~8 <NOT> ~5 (?:me|i|my)", unless=_KNOWN_WHY),
    make("why-not-me", r"why (?:not|was it not|is it not) (?:me|i|my)"),
    make("why-me-rejected", r"why ~6 (?:i|me|my) ~5 (?:<NOT>|<REJECT>)", unless=_KNOWN_WHY),
    make("why-rejected", r"why ~8 (?:<REJECT>)", unless=_KNOWN_WHY),
    make("how-come", r"how come ~6 (?:<NOT>|<REJECT>|<ME>)"),
    make("reason-for-decision", rf"<REASON>|{_EXPLAIN}", _TOPIC, asks=True,
         unless=(r"<ACK>", _KNOWN_MISFIT, r"(?:thank|thanks|thanking|grateful|appreciate\S*) ~20"
                 r" (?:letting me know|let me know|telling me|to tell me|informing me|to inform me"
                 r"|sharing|communicating|breaking)"
                 r" ~6 <DECISION>")),
    make("how-decided", r"how ~8 <DECISION>", asks=True),
    # The reason they gave doubted ("was report writing really the deciding reason?").
    make("real-reason", r"(?:really|actually|truly) the (?:deciding|main|real|only|whole)"
         r" (?:reason|factor)|something else (?:behind|in|to) (?:the|your) (?:decision|choice)",
         asks=True),
    # What gave them doubts about the writer, asked: the reasons in other words ("what made
    # you hesitate", "what gave you pause", "what held you back from offering me it").
    make("what-gave-pause", r"what (?:\S+ )?(?:made|gave|held|kept|put|caused|led) you"
         r" (?:\S+ ){0,2}(?:hesitat\S*|pause|doubts?|back|off|reservations?|wary|unsure"
         r"|waver\S*|reluctant|second thoughts)", asks=True),
    make("which-criteria", r"(?:which|what) (?:\S+ )?(?:criteria|criterion|factors?"
         r"|considerations?|standards?|metrics?) (?:the|you|your|they|were|was|did|mattered"
         r"|counted|carried)", r"in the end|final\S*|decid\S*|chose|chosen|hir\S*|candidat\S*"
         r"|applicant\S*|between|me|my|i", asks=True),
    # Which of the things that went into the decision counted most: its reasons, asked.
    make("what-weighed-most", r"which ~3 (?:weigh(?:ed|ing)|count(?:ed|ing)|matter(?:ed|ing)|tipped"
         r"|swung|carri(?:ed|ing))"
         r" (?:\S+ )?(?:most|more|heaviest|heavily|the most)",
         r"in the end|<DECISION>|decid\S*|calls?|factors?|hir\S*|candidat\S*", asks=True),
    make("how-decided", rf"how ~8 (?:{_DECIDED}) ~8 (?:me|my|between|<REJECT>|candidates?"
         r"|applicants?|one person|finalists?|the (?:final|other))", asks=True),
    make("how-panel-landed", r"how (?:the|your) (?:panel|committee|team|hiring \S+"
         r"|interviewers|board|decision makers) ~3 (?:landed|ended up|arrived|came down"
         r"|reached|got to|settled|decided)", asks=True),
    make("was-it-me", r"(?:was|is|were) it ~4 (?:me|my|i|because|down to|due to|the fact)",
         r"\?"),
    make("was-it-a-thing", r"(?:was|is) it (?:a|an|the|just|simply|mainly|mostly|about) ~3"
         r" (?:thing|issue|problem|question|matter|concern|budget|salary|money|timing"
         r"|experience|fit|age|visa)", r"\?"),
    make("the-concern-about-me", r"(?:the|a|any|one|particular|main|specific|real|biggest|had"
         r"|have|has)"
         r" (?:concern|issue|problem|reason|factor|worry|doubt|hesitation|reservation"
         r"|hesitancy)s? ~8 (?:me|my|i)", asks=True),
    make("deciding-factor", r"deciding factor|decisive factor|sticking point|clincher"
         r"|the decider|(?:proved|was|were|turned out to be) (?:\S+ )?decisive|tipped"
         r" (?:it|the (?:scales|balance))|swung it|made the (?:final |real "
         r"|key )?difference ~6 (?:me|my|between"
         r"|finalists|candidates|applicants)",
         asks=True),
    make("played-a-part", r"(?:a factor|a part|a role|play a part|played a part|to do with"
         r"|affect|affected|influence|influenced|count against|counted against)",
         r"<DECISION>|how it went|how things went|how it turned out|<REJECT>|(?:my|i am|i was)",
         r"\?"),
    make("bare-explain", r"^(?:could|can|would|will) you (?:please )?(?:explain|elaborate"
         r"|clarify)(?: (?:why|more|further|that|this|it|please))* \?"),
    make("the-rationale", r"(?:the|your) (?:rationale|reasoning|reasons?|thinking|logic"
         r"|grounds)(?! (?:for|behind|of|about|why) (?!(?:the|your|this|that) (?:decision"
         r"|outcome|choice|verdict)|it|this|that|me|my))", asks=True,
         unless=(r"(?:thank|thanks|enjoyed|loved|appreciated|fascinating|interesting)",)),
    make("what-swayed", r"what (?:finally |eventually |ultimately |in the end )?(?:swayed|tipped"
         r"|decided|settled|clinched|sealed|drove|persuaded|convinced|moved|influenced|steered"
         r"|pushed|tilted|nudged|led)"
         r" (?:the|you|them|it|things|your)", asks=True,
         unless=(r"(?:design|name|logo|colour|color|choice of|move to|switch to)",)),
    # Why they decided as they did, the decision named only by its verb ("why you chose the
    # way you did"); "why you chose Kafka" has an object of its own and is a topic.
    make("why-decided-so", r"why ~6 (?:decided|decide|chose|choose|went|opted|concluded"
         r"|landed|came down|settled) (?:the way|as (?:\S+ )?\S+ did|that way|like that"
         r"|otherwise|against|in the end|where)|why ~6 (?:decided|chose|opted|concluded"
         r"|settled)(?= [?.!,]|$)",
         asks=True, unless=_KNOWN_WHY),
    make("why-it-ended", r"why ~6 (?:it|things|this|the process|matters) (?:ended|turned out"
         r"|went|worked out|panned out|played out)", asks=True),
    make("me-the-reason", r"(?:my|i) ~8 (?:the|a) (?:main |real |only |big |biggest )?(?:reason"
         r"|factor|problem|issue|deal-breaker|dealbreaker|deal breaker|obstacle|stumbling block)",
         r"\?"),
    make("dealbreaker", r"deal-breaker|dealbreaker|deal breaker|what (?:cost|lost) me"
         r"|what put me out", asks=True),
    make("what-made-you-decide", r"what (?:made|led|caused|prompted) (?:you(?: guys| all"
         r"| folks)?|the \S+|them|your \S+) (?:to )?(?:decide|choose|pick|go|opt|settle"
         r"|conclude|feel|think)", asks=True),
    make("what-happened", r"what (?:happened|went on|changed)", r"<REJECT>|<DECISION>|puzzled"
         r"|confused|surprised|a no", asks=True),
)
