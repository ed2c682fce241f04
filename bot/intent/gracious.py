"""Courtesy formulas: sentences whose point is to be gracious, which the model leaves alone.

The learned backstop reads words, and these formulas are made of the words of problems:
"I completely understand the decision" (why), "No pressure at all" (pressure), "Happy to stay
in touch" (reconsider), "You can reach me at ..." (a phone number: pressure), "Sorry to
bother you" and "I accept that I wasn't the right fit" (tone). Writers of
every voice use them, so a sentence that is one of them is not sent to the model. The rules
still read it: "No pressure, but please reply by Friday" is caught by them.
"""

from __future__ import annotations

import re

from bot.intent.lexicon import frame
from bot.intent.normalise import normalise

# What may follow a courtesy before the sentence ends: filler, never a request's payload.
_TAIL = (r"(?: (?:you|again|with|this|that|so|soon|like|once|more|the|a|my|your|long|email"
         r"|message|note|letter|request|delay|reply|time|of|up|too|much|at|all|on|here|now"
         r"|another|little|bit|question|follow-up|busy|week|day|by|writing|asking|reaching|out"
         r"|me|in|touch|inbox|are|must|be|very|incredibly|really|quickly|promptly|fast|straight"
         r"|away))*(?= [.!]|$)")

_FORMULAS = (
    # Accepting the outcome, or that some things can't be shared.
    frame(r"^(?:and |but )?i (?:\S+ )?(?:understand|respect|accept|appreciate|know|realise"
          r"|realize)"
          r"(?: (?:completely|fully|entirely))?(?: (?:the|your) (?:decision|outcome|choice)"
          r"|(?: \S+)? (?:if(?! i )|should (?:you|that|this|it)(?= ))"
          r"| that (?:some|not|this|such|there|you may|you might|it may"
          r"|(?:s|is) not (?:always |usually |often )?(?:possible|easy|allowed|done))"
          r"|(?: that)? (?:such|these|some) (?:things|matters|details))"),
    # Releasing them from any obligation.
    frame(r"no pressure|(?:do not|never) feel obliged|no obligation|no need to (?:reply"
          r"|respond|answer|write back)|(?:only )?if (?:it is|that is) not possible"
          r"|if (?:you are|it is) (?:not )?(?:able|allowed|possible)(?: to share)?(?= [.!,]|$)"
          r"|no hard feelings(?: at all)? (?:if not|if <UNABLE>|either way)(?= [.!,]|$)"
          r"|(?:please )?(?:do not|don t|never) worry(?: at all| about it)?(?: (?:if not"
          r"|if <UNABLE>|either way))?(?= [.!,]|$)"
          r"|(?:no|not a|never a) (?:worries|worry|problem|problems|bother|stress|issue"
          r"|trouble|big deal)(?: at all)?(?: (?:if (?:not|<UNABLE>|it is not(?: possible)?)"
          r"|either way))?(?= [.!,]|$)"
          r"|(?:that is |it is |that s |it s )?(?:totally |completely |perfectly |quite )?"
          r"(?:fine|ok|okay|understandable|alright|all right) (?:if (?:not|<UNABLE>)"
          r"|either way)(?= [.!,]|$)"),
    # Staying connected, plainly.
    frame(r"^(?:i d|i would|i am|would|i will|i ll)? ?(?:\S+ )?(?:be )?(?:happy|glad|pleased"
          r"|delighted|love|like|honou?red|grateful) (?:to|if (?:we|i) (?:can|could|may))"
          r" (?:connect|stay in touch|keep in touch|stay connected"
          r"|keep up with your work|follow your work)(?: (?:here|with you|on linkedin|again"
          r"|too|as well))*(?= [.!]|$)"),
    # Apologising for the message itself (the bother, its length, its timing), or minding
    # their time, and nothing more in the sentence; apologising for oneself is not in here.
    frame(r"^(?:i am |i m )?(?:so |very |really |terribly )?(?:sorry|apologies|i apologi[sz]e"
          r"|forgive me|pardon me|forgive) (?:to|for) (?:the |this |my )?(?:bother\S*|troubl\S*"
          r"|disturb\S*|intru\S*|imposition|imposing|nuisance|be a nuisance|long|length|delay"
          r"|slow|late|writing|reaching out|taking up|another|following up|essay|following"
          r"|the follow)" + _TAIL),
    frame(r"^(?:and )?i (?:\S+ )?(?:hope|trust) (?:this|that|it|i) (?:is not|am not|does not"
          r"|will not|is)? ?(?:an? )?(?:imposition|bother|intrusion|overstepping|too much"
          r"|presum\S*|impos\S*)" + _TAIL),
    frame(r"^(?:i (?:\S+ )?(?:know|realise|realize|appreciate|understand)|knowing) (?:that |how )?"
          r"(?:you are|you must be|you re|how) (?:\S+ )?(?:busy|stretched|swamped|pressed)"
          + _TAIL),
    frame(r"^i (?:do not|don t) want to (?:take up|impose|intrude|bother|trouble|overstep)"
          r"|^i hope you (?:do not|don t) mind (?:me|my) (?:asking|writing|reaching|getting)"
          + _TAIL),
    # Acknowledging the outcome, or saying one is not disputing it, with no request in it.
    frame(r"^(?!.*(?<![^ ])(?:<ASK>)(?![^ ]))(?:while |whilst |and )?(?:<ACK>|i (?:\S+ )?know)"
          r" (?:that )?(?:i (?:was|am) not|you|the (?:panel|team|decision|role|position|job)"
          r"|another|someone|it|this|my)"
          r"|^i am not (?:writing|asking|looking|trying|here) to (?:question|challenge|change"
          r"|revisit|reopen|dispute|argue)"),
    # A moment shared with them kept as a memory ("Walking the site with you at dawn is not
    # something I'll forget"): litotes the model reads as a grudge when the memory is theirs.
    frame(r"with you (?:\S+ ){0,4}(?:is|was|are|were) (?:not )?something i (?:will |ll |shall )?"
          r"(?:never |not |always |long )?(?:forget|remember|treasure)"),
    # Gladness at their message, the way a reply opens ("So lovely to hear back from you").
    frame(r"^(?:it was |it s |it is |what a |how )?(?:so |really |very |such a )?(?:lovely|great"
          r"|nice|good|wonderful|a treat|a pleasure|a delight|kind of you|thoughtful of you)"
          r" (?:to )?(?:hear|get|receive|read) (?:back )?(?:from you|your (?:reply|message"
          r"|note|email|response))" + _TAIL),
    # An echo of the sentence before, wishing it so ("Has the wing opened? I do hope so.").
    frame(r"^(?:and )?(?:i )?(?:do |really |very much |sincerely |certainly )?(?:hope|trust)"
          r" so(?= [.!]|$)"),
    # Giving contact details.
    frame(r"^(?:you can|you may|feel free to|please feel free to)? ?reach me (?:at|on|by)"
          r"|^i (?:can|may) be reached|^i am reachable|^my (?:email|e-mail|phone|mobile|number"
          r"|cell)(?: address)? is"),
)


# Asking to connect, the point of a LinkedIn note: a question, and nothing more in it.
_CONNECT = frame(r"^(?:may|can|could|might|shall) (?:i|we) (?:\S+ )?connect(?: (?:here|with you"
                 r"|on linkedin|too|as well))* \?$")

# A rhetorical question of thanks ("Where else would I have learned to ...?"): it asks
# nothing of them, though the model reads a question. "Where else could I learn ...?" may
# be a real request for advice, so only "would" counts.
_RHETORICAL = frame(r"^(?:and |honestly , |seriously , )?(?:where|who|how) else would"
                    r" (?:i|anyone|one|you|we) (?:ever )?(?:have )?(?:learn\S*|hear\S*|see|seen"
                    r"|find|found|discover\S*|meet|met|get to|got to)"
                    # surprise at a good moment: "Who knew a picture book could move me so?"
                    r"|^(?:and |honestly , )?who (?:knew|would have (?:guessed|thought|known))"
                    r"(?! (?:\S+ ){0,6}(?:hired|hire|chose|picked|got the|get the|gets the|won"
                    r"|offered|job|role|position))")

# A line that only says where to reach the writer ("I'm on 07700 900234 or at
# k.mensah@example.com", "Phone: (603) 555-0174"): the feedback request and the
# alternate-roles letter give one by design, and it asks for nothing. Numbers and addresses
# are taken out; what is left must be only the words such a line is made of.
_ADDRESS = re.compile(r"[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:]*[^\s@<>(),;:.]")
_PHONE = re.compile(r"\+?\(?\d[\d ().-]{5,}\d(?:\s*(?:ext\.?|x)\s*\d+)?")
_CONTACT_TEXT = """
i am m s on at or and by via my me is are the phone telephone tel mobile cell email mail for
number address contact details reach reached reachable can be you also either best here
directly anytime any time work home office personal whatsapp call text ring , . : ; - ( ) /
"""
_CONTACT_WORDS = frozenset(_CONTACT_TEXT.split())


def _only_contact(sentence: str) -> bool:
    """Whether `sentence` gives a phone number or email address and nothing more."""
    rest = _PHONE.sub(" ", _ADDRESS.sub(" ", sentence))
    if rest == sentence:
        return False
    return all(word in _CONTACT_WORDS for word in normalise(rest).split())


_TURN = frame(r"\?|but|however|though|although|yet|still|except")

# Looking forward to an occasion already arranged ("See you on the 12th!", "I'll definitely
# be there"), with no proposal in the sentence. In a reply, which answers the interviewer,
# that is their invitation accepted, not a meeting the writer proposes (see `accepts`).
_ACCEPTS = frame(r"^(?!.*(?:\?|could we|can we|shall we|how about|what about|let us|lets"
                 r"|would you|are you|if you|instead|(?:<DAY>) (?:at|or)))(?:(?:and|so) )?"
                 r"(?:see you (?:there|then|on|at|soon|in|next)|(?:i will|i ll|i d|i would|we will"
                 r"|count me in ,?|happy to|glad to) (?:\S+ )?(?:love to )?be there)")


def accepts_invitation(sentence: str) -> bool:
    """Whether `sentence` only looks forward to an occasion already arranged (a reply
    accepting the interviewer's invitation), proposing no time of its own."""
    return bool(_ACCEPTS.search(normalise(sentence)))


def is_courtesy(sentence: str) -> bool:
    """Whether `sentence` is one of the courtesy formulas (see the module docstring), with
    no question and no turn ("I understand the decision, but ..."), or only asks to connect,
    asks only rhetorically, or only gives contact details."""
    text = normalise(sentence)
    if _CONNECT.search(text) or _RHETORICAL.search(text) or _only_contact(sentence):
        return True
    return not _TURN.search(text) and any(p.search(text) for p in _FORMULAS)
