"""Asking who was hired, or comparing oneself with them."""

from __future__ import annotations

from bot.intent.frame import make

_GOT = (
    r"got|get|getting|ended up|landed|won|took|accepted|filled|was (?:hired|chosen|picked"
    r"|offered|selected|appointed|given)|you (?:hired|chose|picked|selected|went with|offered"
    r"|appointed|ended up)|is (?:starting|joining)|will be (?:starting|joining)|did (?:get|you)"
    r"|beat|pipped|edged|signed|(?:will be |is |be )?(?:taking|filling|stepping into)"
    r"|will (?:take|fill|step into)"
)
_GRACIOUS = (
    r"congratulat\S*|welcome|settl\S*|wish|good luck|best of luck|all the best|thrive|thriving"
    r"|enjoy|enjoying|hope (?:the|your|they|he|she)|happy for"
)
_COMPARE = (
    r"than (?:me|i|mine|myself|my)|compar\S*|over me|instead of me|the edge|beat me|ahead of me"
    r"|(?:and|which|whereas|while|but) i (?:did|do|was|am) not|that i (?:did|do) not"
    r"|that i lacked|i lacked|between me"
    r"|me and|second on|runner-up|behind (?:whoever|them|him|her|the)|i (?:did|do) not have"
    r"|better than|more than i|had that i|more to the table|(?:brought|brings|had|has|offered"
    r"|offers) more|under (?:their|his|her) belt"
)

_KNOWN = (r"<ACK> (?:that )?(?:you|the team|the panel|your team|they) ~3 (?:went|chose|hired"
          r"|picked|selected|decided|opted|offered|appointed|needed|wanted|were looking)",
          # the outcome acknowledged in its own words: "I understand the role went another way"
          r"<ACK> (?:that )?(?:the|this) (?:role|job|position|post|offer) (?:went|has gone"
          r"|was given|was offered|was filled|has been filled) (?:\S+ ){0,2}(?:another way"
          r"|elsewhere|to someone else|to another (?:candidate|applicant|person))",)

# Accepting, or thanking them for telling, what set the hire apart.
_TOLD = (r"(?:<ACK>|thank\S* (?:you )?(?:\S+ )?(?:much )?for (?:letting me know|telling me"
         r"|explaining|sharing|being (?:\S+ )?(?:honest|open|candid|clear)(?: (?:about|that))?))"
         r"(?: (?:that|how|why))?")

FRAMES = (
    # (who won a contest at the office is no question about the hire)
    make("who-got-it", rf"<WHO> ~4 (?:{_GOT})", asks=True,
         unless=(r"(?:won|win|winning) (?:the|a|our|your|that) (?:\S+ )?(?:bake-off|quiz|contest"
                 r"|competition|game|match|raffle|award|prize|hackathon|debate|bet|sweepstake)",)),
    make("who-got-it", rf"<WHO> ~2 (?:{_GOT}) ~3 <ROLE_NOUN>"),
    make("about-the-hire", r"<HIREE>", asks=True, unless=(_GRACIOUS, *_KNOWN)),
    make("compare-with-hire", r"<HIREE>", _COMPARE, unless=(rf"{_TOLD} ~3 <HIREE>",)),
    # What they told the writer about the hire, accepted ("thank you for letting me know the
    # other candidate had more site experience"): a later letter may acknowledge the outcome.
    make("compare-with-hire", rf"{_TOLD} ~3 <HIREE>", _COMPARE, excuse="acknowledge"),
    # The hire named by what they were hired as ("the architect you took on has more ..."),
    # measured against the writer.
    make("compare-with-hire", r"(?:the|your) (?:\S+ ){1,2}(?:you|they|the team|the panel)"
         r" (?:took on|hired|appointed|brought on|brought in|went with|chose|picked|selected)",
         r"than (?:me|i|mine|myself|my)|over me|instead of me|under (?:their|his|her) belt"
         r"|(?:has|had|have|brought|brings) (?:\S+ )?more (?:\S+ )?(?:experience|years|projects"
         r"|skills|background)", unless=(rf"{_TOLD} ~3 (?:the|your)",)),
    make("compare-with-field", r"(?:measured? up|stack(?:ed|s)? up|compared?|rank(?:ed)?|fared)"
         r" (?:\S+ )?(?:against|to|with|among|next to) (?:the (?:rest|others|other \S+|field"
         r"|competition|shortlist)|other (?:candidates|applicants|finalists))", asks=True),
    make("went-with-someone", r"(?:go|went|gone|going|opt|opted|settle|settled) (?:with|for)"
         r" (?:someone|somebody|a person|an? (?:\S+ )?(?:candidate|applicant)|the other"
         r"|an internal|an external|a more)", asks=True, unless=_KNOWN),
    make("someone-got-it", r"(?:someone|somebody|a person|a candidate|an applicant|anyone)"
         r" ~8 (?:get|got|land|landed|win|won|take|took) (?:the|this|that) <ROLE_NOUN>",
         asks=True),
    make("hired-someone", r"(?:hiring|hire|hired|choosing|chose|choose|picking|picked|pick"
         r"|going with|went with|selecting|selected|offering|offered) (?:someone|somebody"
         r"|a person|an? (?:\S+ )?(?:candidate|applicant)) (?:who|with|from|that|more|less"
         r"|older|younger|cheaper)", asks=True, unless=_KNOWN),
    make("was-it-someone", r"(?:is|was) (?:it|he|she|they) (?:someone|somebody|a person"
         r"|an? (?:internal|external) (?:candidate|hire|applicant)|an? referral)", r"\?"),
    make("candidate-that-got", rf"(?:candidate|applicant|person|one|someone|somebody|finalist)"
         rf" ~4 (?:that|who) (?:{_GOT})", asks=True),
    make("the-role-went", r"(?:the|this) (?:role|job|position|offer|post) (?:go|went|going"
         r"|has gone|had gone) to", asks=True),
)
