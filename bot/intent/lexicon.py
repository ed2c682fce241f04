"""Synonym classes and the small pattern language the intent frames are written in.

A frame is a pattern over `normalise`d text (tokens separated by single spaces):
- `<NAME>` stands for a class below (any one of its words or phrases);
- `~N` between two parts allows up to N tokens in between (never across . ! ? or ;);
- anything else is a regular expression, so `(?:really )?` makes a word optional.
A frame matches whole tokens only: `hire` never matches inside `hired` or `shire`.
"""

from __future__ import annotations

import re

CLASSES: dict[str, str] = {
    # Asking: a question, a polite request or a wish to know.
    "ASK": (
        r"\?|please|(?<!thank you )(?<!thanks )kindly"
        r"|(?:could|would|can|may|might|will) (?:you|i|we|one|someone)"
        r"|(?:do|would) you (?:mind|know|think|recall|remember)|any chance|is there any way"
        r"|i (?:d|would) (?:<INTENS> |also |still |just )*(?:love|like|appreciate|value|welcome"
        r"|be (?:<INTENS> |most |very |so )*(?:grateful|curious|keen|interested|glad|happy"
        r"|thankful|eager|obliged))|(?:would|will) be (?:<INTENS> |hugely |greatly |much |most"
        r" |very )*(?:appreciated|welcome|helpful|great|wonderful|invaluable|amazing|lovely"
        r"|useful|valuable|illuminating|enlightening|instructive|informative)"
        r"|(?:is|are) (?:always |very |most )?welcome|i welcome|i am all ears"
        r"|i (?:d|would) find it (?:<INTENS> |really |very |so |most )*(?:useful|helpful"
        r"|valuable|invaluable)"
        r"|appreciate any|grateful for any|would (?:\S+ )?help|i (?:\S+ )?value any"
        r"|i am (?:curious|keen|eager|wondering|trying to (?:understand|make sense|figure)"
        r"|still (?:puzzled|confused|wondering|trying))|curious|wonder(?:ing)?|if you (?:could"
        r"|can|are able|have|do not mind|would|had|were able|get)|help me|let me know|tell me"
        r"|i want to (?:know|understand|hear|learn)|i need to (?:know|understand|hear)"
        r"|out of (?:interest|curiosity)|i (?:still )?(?:do not|can not) (?:understand|see"
        r"|(?:quite|really|fully) (?:get|understand|see|follow|grasp))"
        r"|puzzled|struggling to|make sense of|shed (?:some )?light|all ears|be brutal"
        r"|happy to hear|keen to (?:know|hear|understand|learn)|it would (?:help|mean)"
        r"|would mean (?:a lot|so much|the world|a great deal)|any (?:insight|clarity)"
        r"|would help|may i ask|if i may|i was wondering|love to (?:know|hear|understand)"
    ),
    "D": r"would|had|d",
    "BE": r"am|is|are|was|were|be|been|being",
    "NOT": r"not|never|no",
    "ME": r"i|me|my|mine|myself",
    "DET": r"the|your|this|that|a|an|its|their|our|his|her",
    "INTENS": r"really|truly|so|very|genuinely|honestly|badly|desperately|seriously|quite",
    # The decision about the candidate.
    "DECISION": (
        r"decisions?(?! (?:to|about|on|around|for|behind) (?!not |go |hire |pick |choose |reject"
        r" |pass |turn |move |proceed |offer |select |me |my |this role|the role|the position))"
        r"|verdict|outcome(?! of (?!my |me |the (?:interview|process|selection|search|role"
        r"|position|application|recruitment|hiring)))|result(?! of| in)|choice(?! of)"
        r"|selection(?! of)|final call|final say|shortlist|debrief|deliberations?"
        r"|hiring call|your call|conclusion|judgement|judgment|determination|final pick"
    ),
    "REASON": (
        r"reasons?|reasoning|rationale|thinking|basis|criteria|criterion|grounds|logic"
        r"|deciding factor|decisive factor|sticking point|main factor|key factor|factors?"
        r"|considerations?|what happened|what changed|what went on|what tipped|what swung"
        r"|what made the difference|what made you|what made them|what made the \S+"
        r"|what led|what drove|what was behind|what weighed|what counted|the difference"
    ),
    "PICK": (
        r"pick|picked|picking|choose|chose|chosen|choosing|select|selected|selecting|hire|hired"
        r"|hiring|offer|offered|take|took|go with|went with|gone with|going with|appoint"
        r"|appointed|shortlist|shortlisted|progress|progressed|advance|advanced|move forward"
        r"|moved forward|move ahead|moved ahead|proceed|proceeded|successful|get|got|land"
        r"|landed|make it|made it|win|won|pass|passed|considered|recommended"
    ),
    "REJECT": (
        r"reject|rejected|rejection|turned down|turn down|passed over|pass on|passed on"
        r"|ruled (?:me )?out|rule (?:me )?out|unsuccessful|declined|no-go|a no|not selected"
        r"|not chosen|not picked|not hired|not successful|not progress|not move forward"
        r"|not advance|not the right fit|did not make(?! it to| time)|did not get(?! to)"
        r"|against me|held me back"
        r"|cost me|counted against|count against|went against|let me down|lost (?:out|it)"
        r"|another direction|different direction|other direction|another way|different way"
        r"|(?:lean|leaned|leant|go|went|swing|swung|tip|tipped) the other way"
        r"|someone else|somebody else|another candidate|other candidate|other applicant"
        r"|another applicant|other finalist|another finalist|not me|over me|instead of me"
        r"|the cut|out of (?:the running|contention)|knocked (?:me )?out|eliminated|screened out"
        r"|(?:decided|chose|opted) (?:not|against)|not to (?:move|go|proceed|progress|continue"
        r"|take|offer|hire)|change of heart|u-turn|a no(?= [?.!,]|$)|not (?:the )?right (?:for|fit)"
        r"|not (?:a )?(?:good )?fit|not suitable|not a match|not what you|not the one"
    ),
    # The person hired.
    "HIREE": (
        r"(?:the|your|that|this) (?:successful|winning|chosen|selected|other|preferred|final"
        r"|new|eventual|lucky|appointed|hired|picked) (?:\S+ )?(?:\S+ )?(?:candidate|applicant"
        r"|finalist|person|hire|one|guy|gal|woman|man|lady|recruit|starter|joiner|colleague"
        r"|pick|choice|<ROLE>)s?|the (?:new )?hire|new hire|new recruit|whoever|whomever"
        r"|the person (?:you|who|that|they|the team|the panel)|the one (?:you|who|that)"
        r"|the (?:\S+ )?(?:<ROLE>|candidate|applicant|person|one|people|finalist|\S+ist|\S+ian)"
        r" (?:you|they|the team"
        r"|the panel) (?:chose|picked|hired|selected|went with|offered|appointed|ended up"
        r"|took on|brought in|brought on|signed)"
        r"|the candidate (?:you|who|that)|the people (?:you|who)|the successful one"
        r"|the (?:winner|victor) of (?:the|this|your) (?:process|role|position|search|race"
        r"|selection|recruitment|competition|job)"
        r"|the other (?:person|people|candidates?|applicants?|finalists?|guy|one)"
        r"|an? (?:internal|external) (?:candidate|hire|applicant)|the role go|the role went"
        r"|the job go|the job went|the position go|the position went|the offer go|the offer went"
    ),
    "ROLE": (
        r"designer|developer|engineer|teacher|nurse|manager|analyst|lead|director|coordinator"
        r"|officer|assistant|executive|rep|representative|specialist|consultant|scientist"
        r"|producer|writer|editor|accountant|planner|marketer|technician|tester|cook|chef"
        r"|worker|member|associate|intern|admin|administrator|architect|researcher|strategist"
        r"|head|librarian|therapist|counsellor|counselor|doctor|clerk|agent|advisor|adviser"
        r"|instructor|tutor|pharmacist|paralegal|lawyer|cashier|buyer|seller|salesperson"
        r"|leader|supervisor|underwriter|coach|curator|vet|veterinarian|surgeon|dentist"
    ),
    "WHO": r"who|whom|whoever|which (?:person|candidate|applicant|one)",
    # My performance in the process.
    "PERF": (
        r"interview|interviews|answers?|responses?|presentation|portfolio|application|resume"
        r"|cover letter|case study|case interview|case|demo|take-home|take home|assignment"
        r"|coding round|round|assessment|test|task|exercise|pitch|approach|questions"
        r"|experience|skills?|background|profile|performance|references?|submission|work"
        r"|examples?|stories|story|technical screen|screen|panel|qualifications|candidacy"
        r"|delivery|preparation|communication|style|answer|lesson|session"
    ),
    "WEAK": (
        r"wrong|short|fell short|fall short|improve|improved|improving|improvement|better"
        r"|differently|weak|weaker|weakest|weakness|weaknesses|missing|lacking|lacked|lack"
        r"|let me down|mess up|messed up|got wrong|work on|fix|sharpen|stronger|stand out"
        r"|strengthen|gaps?|lost you|brush up|develop|polish|change|too|enough|thin|off"
        r"|shortcomings?|blind spots?|areas?|concerns?|red flags?|underwhelming|missed"
        r"|not strong|not good|not ready|not convincing|came across|come across|fell flat"
        r"|falls? flat|falls? short|miss(?:ed)? the mark|go wrong|went wrong|more of|less of"
        r"|underwhelm\S*|unconvincing|rusty|nervous|vague"
    ),
    "ADVICE": (
        r"feedback|pointers?|tips?|advice|notes|thoughts|insights?|perspective|input|critique"
        r"|comments|suggestions?|observations|impressions|take|view|guidance|recommendations?"
        r"|scorecard|evaluation|assessment|debrief|read|opinion|two cents|constructive"
    ),
    # Meeting, calling and contact.
    "MEET": (
        r"call|phone call|phone|ring|video call|zoom|teams|google meet|meet|meeting|meet up"
        r"|catch up|catch-up|chat|coffee|lunch|drink|drinks|dinner|breakfast|conversation"
        r"|beer|pint|bite|walk|tea|brunch|video chat"
        r"|talk|sit down|sit-down|get together|hop on|jump on|facetime|skype|minutes"
    ),
    "DAY": (
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today"
        r"|weekend|week|month|end of|eod|eow|cob|close of|noon|midday|morning|afternoon"
        r"|evening|\d+(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august"
        r"|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov"
        r"|dec|next|the (?:\d+|end|first|second|third|fourth|fifth|tenth|twentieth)"
        # a holiday is a date too ("before Christmas")
        r"|christmas|xmas|easter|new year|the holidays|the break|half-term|half term|eid"
        r"|diwali|hanukkah|thanksgiving|the bank holiday"
    ),
    "ROLE_NOUN": r"job|role|position|post|offer|opening|vacancy|place|spot|seat|opportunity",
    # Accepting what happened, in so many words (no question about it follows).
    "ACK": (
        r"(?<!so )(?<!that )(?<!until )i (?:(?:fully|completely|totally|of course|do|really"
        r"|entirely|now|can|quite|absolutely|certainly|well|truly|perfectly|totally) )?"
        r"(?:understand"
        r"|respect|accept|recognise|recognize|realise|realize|gather|get (?:that|it)"
        r"|appreciate that)(?![^?]*\?)"
    ),
    # Their being unable to answer, as a courtesy allows for it ("if you can't reply").
    "UNABLE": (
        r"you (?:can not|cannot|are not able(?: to)?|are unable(?: to)?|are (?:too )?busy(?: to)?"
        r"|do not have (?:the )?time(?: to)?|don t have (?:the )?time(?: to)?)(?: (?:reply"
        r"|respond|answer|write back|share(?: (?:it|them|that|this|the reasons))?|get back"
        r"(?: to me)?))?"
    ),
}
_CLASS = re.compile(r"<([A-Z_]+)>")
_GAP = re.compile(r" ~(\d+) ")


def expand(spec: str) -> str:
    """The regular expression for a frame written in the pattern language above."""
    while _CLASS.search(spec):
        spec = _CLASS.sub(lambda m: f"(?:{CLASSES[m[1]]})", spec)
    return _GAP.sub(lambda m: f"(?: [^ .!?;]+){{0,{m[1]}}} ", spec)


def frame(spec: str) -> re.Pattern[str]:
    """Compile one frame; it matches whole tokens of normalised text only."""
    return re.compile(rf"(?<![^ ])(?:{expand(spec)})(?![^ ])")


ASK = frame("<ASK>")
