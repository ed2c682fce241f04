"""Asking them to reconsider, keep the role open, or come back to you first."""

from __future__ import annotations

from bot.intent.frame import make

_FAILS = (
    r"falls? through|fell through|(?:does|do|did|would|does not|do not|did not|will not)? ?not"
    r" (?:work out|worked out|working out|pan out|panned out|panning out|last|stay|stick|start"
    r"|accept|settle)|backs? out"
    r"|backed out|pulls?"
    r" out|pulled out|drops? out|dropped out|declines?|(?:is|gets|was) (?:declined|turned down"
    r"|rejected|withdrawn|rescinded)|turns? (?:it|the offer) down|says? no|leaves?|left|quits?"
    r"|go(?:es)? (?:sideways|south|wrong)|went (?:sideways|south|wrong)|changes? (?:their|his"
    r"|her) mind|reopens?|reopened|opens? (?:up )?again|comes? up again|becomes? (?:free"
    r"|available|vacant) again|is (?:still )?(?:open|available|unfilled)|falls? apart"
    r"|fails?|failed|does not work|did not work|will not work|changes?|changed|turns? out not"
    r"|turned out not|not (?:be )?(?:the )?right fit|not (?:be )?a (?:good )?fit|not suitable"
    r"|not the one|no longer|not ready|not up to|struggles?|frees? up|opens? up"
    # the hire gone by now: left, moved on, resigned
    r"|(?:has |have |had )?(?:moved|moves|move|moving) on|resign(?:s|ed)?|(?:steps?|stepped)"
    r" down|retire[sd]?|(?:has|have|had) (?:since )?(?:gone|departed)"
    # the hire not yet settled, or failing the probation
    r"|not (?:\S+ )?(?:settled|settle|settling) in|not (?:\S+ )?(?:make|made|making|get|got"
    r"|pass|passed|survive|survived) (?:it )?(?:through )?(?:\S+ )?probation"
)
# An opening coming up: "opens up", "comes up", "frees up" (not "opens up again"; and not in
# the past, which tells a story: "when opportunities came up at my last job, I took them").
_OPENS = (r"(?:opens? up|comes? up|frees? up|crops? up|pops? up|arises?|becomes? (?:free"
          r"|available|vacant)|turns? up|appears?)(?! again| once more)")
# Some opening coming up, with nothing that points back at this role or its hire: "if
# anything opens up in marketing", "should a role come up", "when something frees up".
_ANY_OPENING = (
    r"(?:if|should|in case|whether|when|whenever|once|as soon as|in the event) (?:\S+ )?"
    r"(?:anything|something|an? (?:\S+ )?(?:role|position|opening|vacancy|spot|job|post"
    r"|opportunity)|(?:\S+ )?(?:roles|positions|openings|vacancies|opportunities))"
    rf" (?:\S+ )?{_OPENS}"
)
_WHO = (
    # "anything" opening up is some opening (`_ANY_OPENING`), not this one back
    rf"<HIREE>|it|things|they|he|she|anything(?! (?:\S+ ){{0,4}}?{_OPENS})"
    r"|the (?:\S+ ){1,2}(?:hire|appointee|recruit)|the (?:\S+ )?"
    r"(?:offer|role|position|job|contract|hire|appointment|arrangement|placement|vacancy|post|person"
    r"|candidate|new \S+)|your (?:first|top) choice|your new \S+|the situation|circumstances"
    r"|plans"
)
_FUTURE = (
    r"(?:future|other|similar|upcoming|new|related|different) (?:\S+ )?(?:openings?|roles?"
    r"|positions?|opportunit\S*|vacanc\S*|jobs?)"
)
# Saying one is NOT asking for it: "I'm not looking to revisit the decision".
_DISCLAIMED = (r"(?:not|never|no intention of|without|rather than) (?:\S+ ){0,3}(?:to )?"
               r"(?:revisit\S*|reconsider\S*|revers\S*|question\S*|reopen\S*|rethink\S*"
               r"|challeng\S*|chang\S*|overturn\S*|disput\S*|argu\S*)",)
_REVISIT = (r"(?:revisit|reverse|overturn|review|undo|reopen|reactivate|revive|reinstate"
            r"|restore|reassess|re-assess|re-evaluate|reevaluate|re-examine|reexamine)"
            r"(?:s|d|ed|ing)?")

FRAMES = (
    make("reconsider", r"(?:reconsider|rethink|reevaluate|reassess|re-evaluate|think again"
         r"|change your mind|second thoughts|change of heart)(?= [,.!?;]|$| (?:me|my|it|this"
         r"|that|the (?:decision|outcome|choice|verdict|matter)|your (?:decision|choice)"
         r"|things|the situation|if|whether|before|at all|now|please|once|when|after|in light"
         r"|given))",
         unless=(r"(?:made|make|makes|making|got|had|has) me (?:\S+ )?(?:reconsider|rethink"
                 r"|reevaluate|reassess|think again)", *_DISCLAIMED)),
    make("reconsider", r"(?:help|get|convince|persuade|ask|asking|urge|encourage) (?:you|the"
         r" team|the panel|them) (?:to )?(?:reconsider|rethink|revisit|reverse|change)"),
    make("decision-revisited", r"(?:decision|outcome|choice|verdict|application|candidacy"
         r"|it) ~4 (?:be |being |get |gets )?(?:revisited|reconsidered|reversed|reviewed"
         r" again|changed|overturned|reopened|reactivated|looked at again|undone|rethought)",
         # "it has changed how I work", "it changed the direction of my year": changed with an
         # object of its own is what the writer's life became, not the decision changed
         unless=(*_DISCLAIMED, r"changed (?:how|the|a|an|what|why|my|our|me|everything|a lot"
                 r"|so much|his|her|their|things|lives?)")),
    # "me" only as the verb's own object: in "the museum's reopening made me laugh" it is
    # the object of another verb.
    make("revisit-decision", rf"{_REVISIT} ~3 (?:the decision|your decision|my (?:application"
         rf"|candidacy|file|profile))|{_REVISIT} (?:(?:it|this|that|things|the \S+) )?(?:again )?"
         r"(?:for )?me", unless=_DISCLAIMED),
    # Asked to read the application again ("look at my portfolio once more"), or to let news
    # since the interview change the outcome; not news that changes a future opening.
    make("look-again", r"(?:look|glance|review|consider|assess|evaluate|read|go) (?:over |at"
         r" |through )?(?:\S+ ){0,3}(?:my|me) (?:\S+ ){0,3}(?:once more|one more time|a second"
         r" time|afresh|anew)"
         r"|(?:in case|if|whether|hoping|might|could|would|may) (?:that|this|it|these|which)"
         r" (?:\S+ )?(?:changes?|alters?|shifts?) (?:the picture|anything|things|matters|the"
         r" outcome|the decision|your mind|your view)|(?:be|being|get|getting) (?:reassessed"
         r"|reconsidered|reevaluated|re-evaluated|reinterviewed|re-interviewed|reviewed again)"
         r"|(?:(?:i am|i m|i remain|i stay|i will be|i would be|i d be|still) (?:\S+ ){0,3}|my"
         r" (?:\S+ )?)availab\S* for (?:the|this|that) (?:role|position|job|post)"
         r"(?= [.!,;]|$| itself)"
         r"|(?:start|begin) with me", unless=(rf"{_FUTURE}", *_DISCLAIMED)),
    make("another-look", r"(?:second|another|fresh|one more|new) (?:\S+ )?(?:look|chance|shot"
         r"|review|go|try|glance|consideration)", unless=(
             r"(?:chance|look|go|try) (?:at|to) (?:visit|see|tour|hear|attend|listen|read"
             r"|taste|try|meet|explore|learn|cook|play|watch|ride)",
             r"(?:second|another) (?:round|interview)", r"look at (?:the|your) (?:\S+ )?"
             r"(?:blog|site|website|app|product|post|book|work)",
             r"(?:go|went|goes) (?:smoothly|well|ok|okay|to plan|according|down well)")),
    make("if-hire-fails", rf"(?:if|should|in case|were|whether|in the event)"
         rf" (?:{_WHO}) ~4 (?:{_FAILS})",
         # another opening ("should anything else open up") is what alternate-roles asks; a
         # request for other roles elsewhere in the sentence does not excuse this one back
         unless=(rf"(?:if|should|in case|whether|in the event) (?:\S+ ){{0,3}}?(?:{_FUTURE})",
                 r"(?:if|should|in case|whether|in the event) (?:\S+ ){0,2}?(?:anything"
                 r"|something) else")),
    # The person chosen, named by how they were picked ("in the event the chosen underwriter
    # doesn't accept, I hope you'll turn to me"): only with the writer offered in their place,
    # since "if the selected vendor fails" may be a story from the interview.
    make("if-chosen-fails", r"(?:if|should|in case|in the event) the (?:chosen|selected"
         r"|successful|preferred|appointed|winning) \S+ ~3 (?:" + _FAILS + r") .* (?:me|my"
         r" (?:name|application|details|cv|profile))(?= [.!,;?]|$)"),
    # "If anything opens up, I'd love to be considered": some opening, not this role back.
    # A first note still leaves it out; the alternate-roles letter is written to ask it, and
    # the stay-in-touch PS asks whether openings are coming up (bot.review_intent welcomes it).
    make("if-opening", _ANY_OPENING, excuse="other-roles"),
    make("if-you-change", r"if (?:you|the team|the panel) (?:ever )?(?:change your mind"
         r"|have second thoughts|need a (?:backup|plan b|fallback)|reconsider|rethink)"),
    make("call-me-first", r"(?:call|think of|contact|ring|email|reach out to|come to|consider"
         r"|ask|approach|message|keep|think about|turn to) (?:me|of me) ~3 (?:first|before"
         r" (?:anyone|anybody|you|posting|advertising|going|looking|opening|reposting|re-posting"
         r"|readvertising|interviewing)|ahead of)"),
    make("offer-it-to-me", r"(?:offer|give|pass|send) (?:it|that|this|the (?:\S+ )?(?:<ROLE_NOUN>"
         r"|post)) (?:back )?to me ~3 (?:first|before (?:anyone|anybody|you|posting|advertising"
         r"|going|looking|opening|reposting|re-posting|readvertising|interviewing)|ahead of)"),
    make("call-me-first", r"(?:before|ahead of) (?:anyone|anybody|everyone) else|(?<!our )"
         r"(?<!the )(?:next|first"
         r"|top) (?:in line|phone call|call|person you call|one you call|name on)|at the top"
         r" of (?:your|the) list|(?:as|be|remain|stay) (?:your|a|the) (?:\S+ )?(?:backup|back-up"
         r"|plan b|fallback|reserve|runner-up|second choice|standby|alternate|replacement"
         r"|stand-in|substitute)|(?:as|be|remain|stay) (?:plan b|second choice|runner-up"
         r"|backup|back-up|fallback|stand-in)(?= [.!,;]|$| (?:for|if|in case|should|just))"
         r"|on standby|on the bench"
         r"|waiting in the wings",
         # someone in a story doing something first is no request about the writer
         unless=(r"(?:spott|notic|sa|see|found|find|caught|catch|knew|fix|solv|gave|show|told|sent"
                 r"|shar|arriv|finish)\S* ~6 (?:before"
                 r"|ahead of) (?:anyone|anybody|everyone) else",)),
    # Kept in reserve for this role ("Keep me in your back pocket, just in case"); kept in
    # mind for other openings is what an alternate-roles letter asks by design.
    make("kept-in-reserve", r"keep (?:me|my (?:name|details|cv|application)) (?:\S+ ){0,2}(?:in"
         r" reserve|in (?:your|the) back pocket|on (?:standby|ice|hold|file|the back burner"
         r"|(?:the|your) (?:reserve|shortlist|bench)))",
         unless=(r"(?:other|another|future|any|new|different|similar|related) (?:\S+ )?(?:roles?"
                 r"|openings?|positions?|posts?|vacancies|opportunities|jobs?)",)),
    make("keep-it-open", r"(?:keep|hold|leave) (?:the|my|this|that|your) (?:\S+ )?(?:door"
         r"|role|position|spot|place|vacancy|requisition|req|application|candidacy|file|seat"
         r"|offer|resume|profile) ~3 (?:open|active|alive|on file|in consideration|in the"
         r" running|in play|on hold|pending|warm|live)", unless=(rf"{_FUTURE}",)),
    make("keep-it-open", r"(?:hold|keep|save|reserve) (?:the|this|that|your) (?:\S+ )?"
         r"(?:<ROLE_NOUN>|post) (?:open )?for me", unless=(rf"{_FUTURE}",)),
    # This application wanted looked at again ("keen to have my application reassessed").
    make("looked-at-again", r"(?:have|get|see|having|getting) (?:my|the|this) (?:application"
         r"|candidacy|decision|result|outcome|case) (?:\S+ )?(?:reassessed|re-assessed"
         r"|re-evaluated|reevaluated|reconsidered|revisited|re-examined|reexamined|reviewed"
         r" again|looked at again)"),
    # The door asked about for this role ("Is the door still open for the manager role?").
    make("door-still-open", r"(?:is|s) the door (?:\S+ )?(?:still )?(?:open|ajar)",
         asks=True, unless=(rf"{_FUTURE}",)),
    # Put forward for this role again, once the gap is closed.
    make("again-for-it", r"(?:put|putting) me (?:forward|back (?:in|forward))|(?:consider"
         r"|reconsider|submit|shortlist|interview) me|put my name (?:forward|back)",
         r"(?:again|once more|a second time|another (?:look|chance|go))(?![^ ])", asks=True,
         unless=(rf"{_FUTURE}",)),
    make("keep-me-in", r"(?:keep|hold|leave) (?:me|my \S+) ~3 (?:in the running|in"
         r" consideration|in the pipeline|in play|active|on file|in the pool|on the list|on your"
         r" list|on hold|in the mix|in the frame)", unless=(rf"{_FUTURE}",)),
    make("do-not-close", r"(?:not|never|hold off on) (?:to )?(?:close|closing|archive|archiving"
         r"|fill|filling|withdraw|shut) (?:the|this|my|it|that)|rather than archived|instead of"
         r" (?:being )?archived|(?:stay|remain|be kept) (?:active|open|live)"),
    make("is-it-final", r"(?:is|was) (?:the|your|this|that) (?:decision|outcome|choice) (?:\S+ )?"
         r"(?:final|set in stone|definite|definitive|irreversible|binding|fixed|certain)"
         r"|(?:could|might|can|would) (?:it|that|the decision|things|anything) (?:\S+ )?change"
         r"|anything i (?:can|could) (?:do|say) to (?:change|turn|sway|reverse)", r"\?|if"),
    make("another-interview", r"(?:come in|come back|do|have|sit|attend|take|set up|offer me)"
         r" (?:for )?(?:another|a second|one more|a further|an additional|a final) (?:round"
         r"|interview|conversation|chat|meeting|try|assessment)|(?:room|space) for (?:two"
         r"|another|one more|both of us|me)|(?:split|share|divide) (?:the|this|that) (?:role|job"
         r"|position|post)|(?:shared|split|divided) (?:between|among) (?:us|the two of us|both of"
         r" us|two)|job(?:-| )?shar\S*|(?:(?:open|happy|willing|glad|keen) to|i (?:d|would|will"
         r"|could|can)(?: \S+)?) (?:re-?interview\S*|interview\S* again)"
         r"|(?:another|an extra|an additional|a second) (?:headcount|seat"
         r"|hire)|if you (?:d|would|will) have me|(?:still|stay|remain|be|keep me|kept) (?:\S+ )?"
         r"(?:in the running|in contention|in the mix|in consideration|in the pool|on the"
         r" shortlist|on your shortlist)", unless=(r"i (?:have|ve got|have got|got|am doing"
                                                     r"|m doing) another (?:interview|round)",)),
    make("lesser-version", r"(?:accept|take|consider|do|start in) (?:a |an )?(?:junior|lower"
         r"|smaller|reduced|part-time|temporary|contract|cut-down|scaled-down|entry-level)"
         r" (?:\S+ )?(?:version|level|role|position|title|salary|offer|grade)"),
    make("slot-me-in", r"(?:slot|fit|squeeze|bring|take|put|get) me (?:\S+ )?(?:in|on|back"
         r"|aboard|onboard)(?! (?:mind|touch|an? (?:better|stronger|good|great|strong)"
         r" (?:spot|position|place|shape|light)))"),
    make("concession", r"(?:lower|reduced|smaller|less|lesser|cheaper) (?:\S+ )?(?:salary|pay"
         r"|rate|wage|compensation|package|day rate)|(?:on|at) a (?:contract|trial|probation\S*"
         r"|part-time|temporary|freelance|lower|reduced|junior) (?:basis|rate|salary|period"
         r"|level)|(?:trial|probation\S*) (?:period|basis|run|day|week|month)|if (?:that|it)"
         r" (?:changes|would change|makes|helps|could change|might change) (?:anything|things"
         r"|the decision|a difference|your mind|matters)|for free|unpaid"),
    make("redo", r"(?:redo|retake|resubmit|repeat|resit|re-sit|rerun|another go at|do again|try"
         r" again|have another go) ~3 (?:the|my|that|this) ~3 (?:take-home|take home|test|task"
         r"|assignment|exercise|interview|assessment|presentation|case|challenge|demo|lesson"
         r"|round)|(?:judg|assess|see|interview)(?:e|es|ed|ing)? me (?:\S+ )?(?:again|once more)"),
    make("be-considered", r"(?:still|any|enough) time (?:for me )?to (?:be considered|apply"
         r"|join|throw)|be considered (?:again|once more|for (?:this|the same|that) (?:role"
         r"|position|job|vacancy|post))|consider (?:me|my \S+) (?:\S+ )?(?:again|once more"
         r"|for (?:this|the same|that) (?:\S+ )?(?:role|position|job|vacancy|post|opening))"),
    make("pass-me-back", r"(?:pass|send|show|forward|put|take|bring|give) (?:my|me) ~5"
         r" (?:back|again|once more|a second time|one more time|forward again)|back (?:in|into"
         r"|to) (?:the )?(?:process|running|pool|pipeline|consideration|mix|race)"
         # the same, put in the passive ("to be slotted straight back in for it")
         r"|(?:be|being|get|getting|been) (?:\S+ )?(?:put|slotted|brought|taken|added|let"
         r"|placed|passed) (?:\S+ )?back (?:in|into|on)(?! (?:touch|contact|the loop|my"
         r"|the habit|shape|order|place|stock|service|use|action))"),
    make("before-final", r"before (?:things|it|the decision|anything|everything|the contract"
         r"|the offer) (?:is|are|gets|get) (?:final|finalised|finalized|signed|settled|official"
         r"|confirmed)|(?:have not|not yet) (?:sent|signed|finalised|finalized|confirmed)"
         r" (?:the|their|a) (?:contract|offer|paperwork)"),
    make("ready-to-step-in", r"(?:step in|jump (?:right )?(?:back )?in|ready to (?:sign|start"
         r"|step|jump|go)|one (?:email|call|message|phone call) away|still available"
         r"|available (?:immediately|right away|at short notice|tomorrow|from))",
         r"if|should|in case|were|whenever|ever|the (?:offer|hire|role|position|new)"
         r"|<HIREE>", unless=(rf"{_FUTURE}",)),
)
