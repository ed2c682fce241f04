"""Asking for feedback, for what to improve, or where one fell short."""

from __future__ import annotations

from bot.intent.frame import make

_STRONG = r"feedback|constructive criticism|critique|scorecard|pointers|tips|areas? (?:for|of|to)"
_GENERIC = (
    r"tips?|pointers?|advice|suggestions?|guidance|recommendations?|thoughts|insights?"
    r"|rec+om+end|suggest|perspective|inputs?|comments|observations|impressions|take|view|opinion|notes|read"
    r"|two cents|honest (?:view|take|opinion)|constructive|remarks?|assessment of"
)
_TARGET = (
    r"me|my|mine|myself|where|gaps?|next time|future|going forward|improv\S*|better"
    r"|differently|<WEAK>|i (?:\S+ )?(?:did|was|could|should|might|came|come|need|can)"
)
_CULTURE = (
    r"feedback (?:culture|loop|loops|tool|tools|form|forms|survey|surveys|platform|session"
    r"|sessions|is|was|process|processes|system)|culture of (?:\S+ )?feedback|(?:your|the)"
    r" (?:tips?|advice|comments?|thoughts) (?:on|about) (?!me|my|how i|where i|what i)"
)
_WH = (
    r"what|where|which|how|anything|something|thing|things|areas?|parts?|aspects?|ways?"
    r"|gaps?|skills?|one|weak spots?"
)
FRAMES = (
    make("asks-feedback", rf"(?:{_STRONG})", asks=True, unless=(
        _CULTURE, r"who (?:knew|would have (?:guessed|thought|known))|(?:feedback|critiques?"
        r"|tips) (?:could|can|is|was|should|feels|felt|were|are)",
        # thanks for the feedback they gave ("Please accept my thanks for your feedback")
        r"(?:thanks|thank you|gratitude|appreciation) (?!in advance)(?:\S+ ){0,3}for (?:your"
        r"|the|all the|such|this|all your) (?:\S+ ){0,3}(?:feedback|pointers|tips|critique)")),
    make("asks-advice", rf"(?:{_GENERIC}) ~10 (?:{_TARGET})", asks=True, unless=(_CULTURE,)),
    make("what-to-improve", rf"(?:{_WH}) ~10 (?:me|my|i|mine) ~10 (?:<WEAK>)", asks=True),
    # advice asked for someone in the writer's shoes ("any advice for a career changer")
    make("advice-for-me", r"(?:any|some|a few|your) (?:\S+ )?(?:advice|tips|pointers|guidance"
         r"|suggestions|words of wisdom) (?:for|to) (?:a|an|someone|somebody|me|people|those"
         r"|candidates|applicants|newcomers|career)(?![^ ])", asks=True, unless=(_CULTURE,)),
    make("what-to-improve", rf"(?:{_WH}) ~10 (?:<WEAK>) ~6 (?:me|my|i|mine)", asks=True),
    make("what-i-did-wrong", r"what (?:i|did i) (?:did|do|got|get) wrong|where i went wrong"
         r"|what went wrong|where i (?:fell|fall) short|what (?:i|did i) (?:could|should)"
         r" (?:have )?(?:do|done|said) (?:better|differently)|areas? (?:for|of|to)"
         r" (?:improve\S*|growth|development)|how (?:i|to) (?:can |could |might )?(?:improve"
         r"|get better|be better|do better|be stronger|sharpen|strengthen)"
         r"|(?:stronger|better|more competitive|more attractive) (?:candidate|applicant|fit)"
         r"|stand out more|what (?:i was|was) missing", asks=True),
    make("panel-noted", r"(?:you|panel|team|interviewers?|they|committee|manager|room|others)"
         r" ~3 (?:noted|thought|felt|saw|observed|said|made of|think|concluded|noticed"
         r"|picked up|flagged|wrote|liked|disliked)", r"(?:about|of|on) (?:me|my)|(?:i|my \S+)"
         r" (?:was|were|came|lacked|missed|fell|did|could|should|needed)", asks=True),
    make("self-check-question", r"(?:^|, |: )(?:was|were|is|are|did|do|does|should|could"
         r"|would|am|have) ~3 (?:i|my|me) ~10 (?:<WEAK>|more|less|focus|learn|study|take"
         r"|get|work|brush|build|practi[sc]e|prepare|certif\S*)", r"\?|in your (?:opinion"
         r"|view|eyes|experience)|would you (?:suggest|recommend|advise)|you (?:d|would)"
         r" (?:suggest|recommend|advise)"),
    make("should-i", r"should i ~8 (?:\S+)", r"in your (?:opinion|view|eyes|experience)"
         r"|would you (?:suggest|recommend|advise)|you (?:d|would) (?:suggest|recommend"
         r"|advise)|\?", unless=(r"should i (?:bring|send|contact|email|reach|address|call)",)),
    make("how-did-i-do", r"how (?:did|do|would) (?:i|my \S+) (?:\S+ )?(?:do|perform|come across"
         r"|fare|go|compare|measure up|stack up|rate|score|land)"
         # the same, asked indirectly ("your view on how I performed in the task")
         r"|how (?:i|my \S+) (?:\S+ )?(?:did|performed|came across|fared|measured up|stacked up"
         r"|compared|scored|rated|got on)(?= [.!?,;]|$| (?:in|on|at|during|overall|against"
         r"|compared|with|today|yesterday|last|throughout|across|under))", asks=True),
    make("wanted-to-see", r"(?:like|liked|wanted|hoped|expected|looking|love|loved) to (?:see"
         r"|hear) (?:more|less|from me)|what (?:were you|was the team|was the panel|were they)"
         r" (?:\S+ )?looking for", asks=True),
    make("if-i-was-weak", r"if (?:my|i) ~6 (?:<WEAK>|too)", asks=True),
    make("what-to-focus-on", r"what (?:i|should i|do i|would i) (?:\S+ )?(?:focus on|work on"
         r"|learn|study|improve|practi[sc]e|brush up|develop|read|do next|change|fix|add"
         r"|need)", asks=True),
    make("weak-in-me", r"(?:<WEAK>) ~4 (?:in|about|with|on|from) (?:my|me)", asks=True,
         unless=(r"(?:thank|thanks|enjoyed|loved|appreciated)",)),
    make("change-one-thing", r"(?:change|fix|improve|add|remove|cut) ~3 (?:one|a|any) thing"
         r" ~4 (?:my|me|i)", asks=True),
    make("what-would-help", r"what (?:would|could|might) (?:have )?(?:made|make|help|helped)"
         r" ~4 (?:my|me|i)", asks=True),
    # Their view wished for, said as how much it would be worth: a request all the same.
    make("their-view-wanted", r"your (?:perspective|view|views|input|insights?|thoughts|take"
         r"|opinion|eye|pointers|advice|feedback) (?:\S+ )?(?:would|will|could) (?:be|mean|help)"
         r" ~2 (?:invaluable|helpful|useful|valuable|a (?:great|huge|big|real) help|so much"
         r"|a lot|the world|welcome|appreciated)"),
)
