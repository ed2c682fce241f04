"""The phrases the draft review looks for to see that something is THERE: thanks, a specific
memory, the interview, an update, the PS. (What must NOT be there is judged by intent, in
`bot.intent`.) Whole words and phrases, case-insensitive; apostrophes straight or curly.
"""

from __future__ import annotations

import re

_A = "['’]"
_I = re.IGNORECASE


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), _I)


# Gratitude in so many words, or as credit given: "your suggestion to learn P6 paid off".
THANKS = re.compile(r"(?<!\w)(?:thank(?:s|ful|ing)?|grateful|gratitude"
                    r"|appreciat(?:e|ed|es|ing|ion|ive)|your\s+(?:\w+\s+)?(?:suggestion|advice"
                    r"|tip|recommendation|nudge|pointer)s?\s+(?:[\w,]+\s+){0,8}?(?:paid\s+off"
                    r"|helped|made\s+(?:a|all\s+the)\s+(?:\w+\s+)?difference|worked))(?!\w)",
                    _I)
# Appreciation shown rather than said, which a later letter may give in place of the word
# "thanks" (PLAYBOOK: the interview experience "was valued"): an appreciative verb whose object
# is the interview or conversation, their time, something done with them, or their message.
# A first note is still held to a thank-you in so many words (PLAYBOOK: "thank them for the
# opportunity").
APPRECIATION = re.compile(
    r"\b(?:valued|enjoyed|loved|treasured|cherished|relished|savou?red)\s+(?:\S+\s+){0,5}?"
    r"(?:(?:our|the|your|that)\s+(?:\S+\s+){0,2}?(?:conversations?|interviews?|chats?|talks?"
    r"|discussions?|meetings?|exchanges?|time|sessions?|visit)\b|with\s+you\b)"
    r"|\b(?:was|been)\s+a\s+(?:real\s+|genuine\s+|great\s+)?(?:pleasure|privilege|joy)\s+to"
    r"\s+(?:meet|talk|speak|work|be\s+interviewed)\b"
    # Something shared with them kept as a fond memory ("remains one of my favourite memories").
    r"|\b(?:remains?|is|was|are|were|stays?|stayed)\s+(?:\S+\s+){0,2}?(?:one\s+of\s+)?my"
    r"\s+(?:favou?rite|fondest|happiest|best)\s+(?:memor(?:y|ies)|moments?)\b"
    # A moment with them held dear: "the highlight of my search", "has stayed with me",
    # "what a treat", "I'm so glad I got to see ...".
    r"|\b(?:was|were|is|remains?)\s+(?:\S+\s+){0,2}?highlight\b|\b(?:has|have|had)\s+(?:stayed"
    r"|stuck)\s+with\s+me\b|\bwhat\s+an?\s+(?:\S+\s+)?(?:treat|pleasure|joy|privilege|delight)\b"
    r"|\bso\s+glad\s+(?:I|we)\s+(?:got|had)\s+(?:to|the\s+chance)\b"
    # The meeting left the writer keener on the place: "our talk made me even keener on it".
    r"|\b(?:left|made)\s+me\s+(?:even\s+|all\s+the\s+|only\s+)?(?:keener|more\s+(?:keen"
    r"|excited|eager|enthusiastic))\b"
    # Their answer, in a reply, welcomed: "I loved hearing from you", "what a lovely note",
    # "your kind words made my week", "it was so good of you to share ...".
    r"|\b(?:loved|enjoyed|delighted|pleased|happy|thrilled|touched|lovely|wonderful|great"
    r"|so\s+good|glad)\s+(?:\S+\s+){0,2}?"
    r"(?:(?:to\s+)?hear(?:ing)?\s+(?:back\s+)?from\s+you|your\s+(?:kind\s+)?(?:note|message"
    r"|reply|email|letter|words))\b|\b(?:lovely|wonderful|kind|thoughtful|generous|warm)\s+"
    r"(?:note|message|reply|email|letter|words)\b|\bmade\s+my\s+(?:day|week|month|year)\b"
    r"|\b(?:kind|good|generous|thoughtful|lovely|gracious)\s+of\s+you\b", _I)
SPECIFIC = _any(
    r"\bour\s+(?:conversation|chat|talk|discussion|exchange)\s+(?:about|on|around)\b",
    r"\bwhen\s+we\s+(?:discussed|talked|spoke|chatted|met)\b",
    r"\bwe\s+(?:discussed|talked\s+about|covered)\b",
    r"\byou\s+(?:mentioned|told\s+me|showed|explained|described|shared|walked\s+me)\b",
    r"\b(?:enjoyed|loved|liked)\s+(?:hearing|learning|seeing|talking|discussing|meeting|how)\b",
    r"\b(?:enjoyed|loved|liked)\s+(?:the|our|your)\s+(?:\w+\s+){1,3}?(?:about|on|of|around)\b",
    r"\bespecially\b",
    r"\b(?:hearing|learning)\s+(?:about|how|more)\b",
    r"\bthe\s+tour\b",
    r"\b(?:remember|think\s+(?:about|back|fondly))\b",
    r"\bstayed\s+with\s+me\b",
    # a moment still smiled at, or not to be forgotten; something seen, or taken from them
    r"\bstill\s+(?:\w+\s+)?(?:laugh|smil|grin|chuckl|think)\w*",
    r"\b(?:won['’]?t|will\s+not|never|not\s+something\s+I['’]?ll|not\s+soon)\s+forget",
    r"\b(?:seeing|watching|touring|visiting|walking\s+(?:round|around|through))\b",
    r"\byour\s+(?:\w+\s+){0,2}(?:story|stories|tip|trick|advice|example|demo|tour|anecdote"
    r"|idea|point|question|suggestion)\b",
    r"\byou\s+(?:swear\s+by|recommended|suggested|taught|pointed\s+out|let\s+me)\b",
)
INTERVIEW = re.compile(r"\b(?:interview(?:ed|ing|s)?|conversation|chat(?:ted)?|talk(?:ed)?"
                       r"|spoke|speaking|met|meeting|role|position)\b", _I)
# Progress since the interview (PLAYBOOK: a status update on what the writer learned or built):
# anything done, earned or built, told in any tense ("I got my drone licence in March",
# "I've since led", "I now plan every install"), a credential or piece of work, or time since.
_DONE = (r"(?:got|gotten|earned|passed|completed|finished|built|made|launched|shipped|started"
         r"|began|begun|took|taken|joined|led|ran|run|wrote|written|published|learned|learnt"
         r"|picked\s+up|became|become|moved|landed|won|obtained|gained|received|achieved"
         r"|qualified|graduated|set\s+up|created|designed|developed|taught|volunteered|studied"
         r"|trained|delivered|organi[sz]ed|presented|mastered|practi[sc]ed|rolled\s+out"
         r"|introduced|closed|been|gave|given|hosted|spoke|coached|mentored|grew|sold)")
# News of something learned, earned or built: what every later letter may tell (the
# stay-in-touch update, what the writer did about the feedback, skills for other roles).
_PROGRESS = (
    r"\b(?:completed|finished|started|learned|learnt|learning|built|launched|shipped|passed"
    r"|earned|qualified|graduated)\b",
    r"\b(?:course|class|workshop|certification|certificate|certified|licen[cs]e[ds]?"
    r"|qualification|diploma|degree|exam|accreditation|bootcamp|training|project|portfolio"
    r"|working\s+on|progress)\b",
)
UPDATE = _any(
    rf"\b(?:I|we)(?:{_A}(?:ve|d|m))?\s+(?:have\s+|had\s+|am\s+)?(?:(?:now|since|also|just"
    rf"|finally|recently|then|even|already|\w+ly)\s+)*(?:(?:re-?)?{_DONE}|now|since)\b",
    r"\bI\s+(?:\w+ly\s+|now\s+|also\s+)?(?:have|hold)\s+my\b|\bI\s+was\s+(?:\w+\s+)?(?:asked"
    r"|chosen|invited|selected|hired|appointed|given|offered|made)\b|\bpromot(?:ed|ion)\b"
    r"|\bpaid\s+off\b",
    r"\b(?:recently|since\s+(?:we|our|then|the\s+interview|you)|months\s+(?:since|on|later)"
    r"|(?:this|last)\s+(?:spring|summer|autumn|fall|winter|year|month))\b",
    *_PROGRESS,
)
PROGRESS = _any(*_PROGRESS)
JOIN = re.compile(r"\b(?:join|joining|(?:be|become)\s+(?:a\s+)?part\s+of|work\s+(?:with|for|at"
                  r"|alongside|there)|team|crew|aboard|on\s+board|onboard)\b"
                  # The wish in the work itself: "I'd still love to coach at Lakeside".
                  r"|\b(?:love|like|keen|glad|happy|eager|hope|hoping|dream\w*)\b[^.?!;]{0,20}?"
                  r"\bto\s+\w+(?:\s+\w+)?\s+(?:at|with|for|alongside|in)\s+(?:you|your|(?-i:[A-Z]))",
                  _I)
OPENINGS = re.compile(r"\b(?:openings?|opportunit(?:y|ies)|positions?|roles?|posts?|vacanc(?:y|ies)"
                      r"|open(?:ing|s)?\s+up"
                      r"|hir(?:e|es|ing)|recruit\w*|growing|expanding|(?:on|in)\s+the\s+(?:cards"
                      r"|pipeline|works)|planned|lined\s+up"
                      r"|jobs?|coming up|on the horizon|(?:anything|something) (?:open"
                      r"|new|coming))\b", _I)
