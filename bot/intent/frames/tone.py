"""Bitter, defensive, entitled, pleading or self-deprecating wording. (Sarcasm is in
`bot.intent.frames.tone_sarcasm`; the quiet forms are in `bot.intent.frames.tone_quiet`.)"""

from __future__ import annotations

from bot.intent.frame import make

_FEEL = (
    r"upset|disappointed|frustrated|angry|annoyed|gutted|crushed|devastated|heartbroken|hurt"
    r"|bitter|shocked|stunned|baffled|insulted|offended|cheated|robbed|let down|humiliated"
    r"|ashamed|embarrassed|stupid|foolish|silly|dumb|useless|worthless|hopeless|pathetic"
    r"|furious|livid|outraged|appalled|betrayed|misled|blindsided|sick|sour|salty"
)
_SELF_LOW = (
    r"idiot|mess|failure|fool|loser|disaster|joke|fraud|amateur|wreck|embarrassment|letdown"
    r"|let-down"
)
_BEST = (
    r"best|strongest|ideal|perfect|obvious|right|most qualified|top|only"
    r"|most experienced|clear|natural|standout|outstanding"
)
# Disappointed about something other than the outcome: a missed lunch, a tour rained off.
_MISSED_OUT = (r"disappointed (?:to|that) (?:miss|hear|not (?:see|meet)|we) ~3 (?:tour|lunch"
               r"|party|visit|meet|talk|session|conference|dinner|drinks|demo|rooftop|view)")
# Calling the decision or the process absurd, not a thing remembered fondly ("that ridiculous
# espresso machine"): said of it, or of what they did.
_FORM = (r"(?:form|template|templated|canned|automated|generic|copy-paste|boilerplate|standard"
         r"|auto-generated|impersonal)")
_RIDICULOUS = (
    r"(?:ridiculous|absurd)(?= *(?:$|[.,;:!?])| (?:that|to|how|of|decision|choice|process"
    r"|reason\S*|rejection|outcome|request\S*|question\S*|excuse\S*|feedback|response|reply"
    r"|email|task|test|assignment|interview|wait|delay))|(?:is|was|(?:it|that|this) s|felt|feels"
    r"|seems|seemed"
    r"|sounds|frankly|honestly|quite|so|just|utterly|totally|completely|plain|bit|pretty"
    r"|rather) (?:ridiculous|absurd)"
)
# Disappointment owned and turned (mild words only, then thanks, respect or eagerness): how a
# later letter acknowledges the outcome; a first note still leaves it out.
_TEMPERED = (
    r"^(?!.* (?:devastat\S*|crushed|heartbr\S*|angry|furious|bitter\S*|outrag\S*"
    r"|resent\S*|frustrat\S*|unfair\S*|hurt|stung|cheated|robbed"
    r"|(?:not|never) (?:\S+ ){0,3}(?:fair|right|agree\S*|accept\S*|see|valid|sense)))"
    r"(?=.*(?:^| )(?:but|however|though|although|while|whilst|yet|still)(?: |$))"
    r"(?=.* (?:grateful|thank\S*|enjoy\S*|understand\S*|respect\S*|learn\S*|appreciat\S*"
    r"|keen\S*|glad|happy|pleasure|delight\S*|interest\S*|excit\S*|confirm\S*|reinforc\S*"
    r"|strengthen\S*|welcome|valu\S*|inspir\S*|encourag\S*|hope\S*|eager\S*|proud"
    r"|admir\S*|impress\S*|accept\S*|agree\S*|fair|helpful|useful|sense|right|valid"
    r"|constructive)(?: |$)).*"
    r" (?:disappointed|disappointing|sad|saddened|gutted|deflated|downhearted|crestfallen"
    r"|upset)"
)

# Their judgement of the writer's worth told back as a counterfactual: what the writer
# WOULD HAVE BEEN for them (a later letter saying what they could bring next time is news).
_WOULD_HAVE_BEEN = (
    r"i (?:\S+ ){0,3}(?:would|d) (?:have|ve) (?:been|made) (?:such )?(?:a|an) (?:\S+ )?"
    r"(?:great|excellent|fantastic|brilliant|valuable|strong|real|perfect|ideal|amazing"
    r"|outstanding|exceptional|huge|terrific|wonderful|incredible|superb|fine|solid|first-rate)"
    r" (?:asset|addition|hire|fit|member|colleague|match|choice|candidate|employee"
    r"|teammate|part)"
)
# A reproach put as a wish about how they should have acted ("it would have been nice to be
# told sooner"), not a wish about something missed ("it would have been nice to see the lab").
_NICER_IF = (
    r"would (?:have )?been (?:\S+ )?(?:nice|good|helpful|polite|courteous|decent|considerate"
    r"|kind|great|appreciated|respectful|fair|professional) (?:to (?:\S+ ){0,2}(?:told|informed"
    r"|notified|updated|warned|contacted|hear back|heard back|get (?:a|an|some) (?:\S+ )?"
    r"(?:reply|response|answer|update|heads-up|call))|if (?:someone|somebody|you|the team"
    r"|they|anyone|hr|the recruiter|your recruiter) (?:had|d))|(?:would|wish|should|could|d)"
    r" (?:\S+ ){0,6}(?:told|informed|notified|updated|warned|contacted|heard back|a reply|a"
    r" response|an answer|the news|the outcome|the decision) (?:\S+ ){0,2}(?:sooner|earlier)"
)

FRAMES = (
    make("tempered", _TEMPERED, excuse="acknowledge"),
    make("would-have-been", _WOULD_HAVE_BEEN),
    make("nicer-if", _NICER_IF),
    # Belittling one's own background as irrelevant to them ("my years in retail don't count").
    make("background-discounted", r"my (?:\S+ ){0,3}(?:skills|experience|background|years"
         r"|degree|training|qualifications|career) (?:\S+ ){0,3}(?:do not|does not|did not"
         r"|will not|can not|never|not|would not) (?:\S+ )?(?:translate|transfer|count|carry"
         r" over|measure up|cut it|stack up|matter)"),
    # sarcasm's tags: the barb comes last ("..., but apparently not", "... in your world"),
    # "rigged up a studio" or "we rigged vehicle recovery" builds something; "it was rigged"
    # and "a rigged process" are the complaint
    make("unfair", r"unfair\S*|unjust\S*|biased|discriminat\S*|rigged(?= [.!,;?]|$)"
         r"|(?:was|is|were|are|felt|feels|seemed|seems|looked|looks|be|been|a|the) (?:\S+ )?"
         r"rigged"
         r"|nepotism|favou?ritism"
         r"|a joke|joke of a|a farce|a sham|stitched up|box-ticking|tick-box|a formality"
         r"|politics|connections|an inside job|already decided|predetermined|pre-determined"
         r"|foregone conclusion|a done deal|had someone in mind|stacked against|well connected"
         r"|well-connected|(?:minds?|mind) (?:\S+ )?(?:made up|up)|made (?:\S+ )?minds? up"
         r"|(?:rough|short|wrong|sharp) end of the (?:pineapple|stick)|a raw deal|hard done by"
         r"|who you know",
         unless=(r"(?:fair and|so fair|very fair|fair play|fair problem|fair question|unbiased"
                 r"|joke about|the joke|running joke|a joke about|inside joke|office politics"
                 r"|(?:joked|joking|laughed|teased|quipped) (?:that|about|how)"
                 r"|making connections|make connections|made connections|connections (?:with"
                 r"|between|to))", r"unfair (?:contract|trading|dismissal|terms|practices"
                 r"|competition|pricing)|(?:disability|age|race|sex|pregnancy|religious)"
                 r" discrimination|discrimination (?:law|laws|cases?|claims?|act|guidance)",)),
    # The assessment called unfair, or a complaint opened with "With respect,"; not a view
    # on interviewing they shared or the writer agreed with.
    make("unfair-test", r"(?:not|never|hardly|far from) (?:\S+ ){0,3}(?:a |an )?(?:fair|true"
         r"|accurate|real|reasonable|good) (?:test|measure|assessment|reflection|representation"
         r"|judge|gauge|comparison|evaluation|picture|indicator) of (?:my|me|a|an|what|how|the)"
         r"|^with (?:all )?(?:due )?respect ,",
         unless=(r"(?:agree\S*|your point|you (?:said|noted|argued|mentioned|made)|argu\S*"
                 r"|debate\S*|discuss\S*|talk\S* about)",)),
    make("process-complaint", r"(?:process|interview|interviews|panel|recruiter|recruiters|hr"
         r"|communication|scheduling|experience|treatment|way i was treated|questions|tasks?"
         r"|exercises?|case study|tests?|assessments?) (?:\S+ ){0,4}"
         r"(?:disorgani[sz]ed|chaotic|a mess|messy|sloppy|poorly|badly|terrible|awful|dreadful"
         r"|shambolic|confusing|dismissive|impersonal|unfair|flawed|cold|careless|a waste"
         r"|out of scope|irrelevant|off-topic|off topic|beside the point|not relevant"
         r"|unreasonable|unrealistic|pointless|ridiculous|absurd)",
         unless=(r"(?:with|had|have|has|got|caught) a (?:cold|cough|flu|fever)",
                 r"you (?:said|noted|argued|mentioned|explained|told)|your (?:point|view)")),
    make("insulted", r"(?:a |complete |total |utter )?waste of (?:\S+ )?time|waste of (?:my|our"
                     r"|everyone s) time|wasted (?:my|our) time"
         r"|thanks for nothing|your loss|you will regret|you ll regret|regret (?:it|this"
         r"|not hiring|not picking|passing)|missed out on me|(?:made|make|making) (?:a|the)"
         r" (?:\S+ )?(?:mistake|error)|wrong (?:decision|choice|call|person|candidate|hire)"
         rf"|{_RIDICULOUS}|insult\S*|disrespect\S*|unprofessional|ghosted|ghosting"
         r"|(?:was|got|received|sent"
         r"|sending|just|like|felt like|read like|reads like) (?:me )?a template"
         r"|barely (?:looked|read|glanced|listened|paid|spoke|said)|did not (?:even )?(?:bother"
         r"|read|look|listen|care)|(?:do not|did not|never|does not) (?:\S+ )?(?:read|look at"
         r"|open) (?:\S+ )?(?:resumes|resume|applications|application|portfolios?|cover"
         r" letters?)|no hard feelings(?!(?: at all)? (?:if not|if <UNABLE>|either way))"
         r"|no offen[cs]e"
         r"|with (?:all )?due respect|shame on|it is a shame (?:that )?(?:your|you|they)"
         r"|unpaid (?:work|labour|labor|hours|effort)|free (?:work|labour|labor|consulting)"
         r"|(?:every|all|these|most|other|many|few) (?:\S+ )?(?:companies|company|employers"
         r"|recruiters|firms|hiring managers) (?:\S+ ){0,2}(?:say|says|claim|claims|pretend"
         r"|bother|care|manage|even)|funny how(?! (?:often |much )?(?:i|we) (?:catch|find|keep)"
         r" (?:myself|ourselves))|of course it was|how typical|typical(?= [.!]|$)"
         r"|as usual|(?:a bit|rather|pretty|a little|a tad) much|(?:one|two|three|single)-line"
         r" (?:email|reply|rejection|message|response)|considering (?:i|how) ~3 (?:drove"
         r"|travelled|traveled|spent|took|flew|prepared|put in|worked|much)|after (?:all"
         r"|everything)"
         r" i (?:did|put in|gave|prepared|went through)|someone (?:cheaper|younger|less \S+"
         r"|with connections|who knows)|(?:, )?i (?:suppose|guess)(?= [.!?]|$)|(?:a real|a fair"
         r"|a proper|an actual|an honest) (?:chance|shot|hearing|look)(?! to)"
         r"|count\S* for nothing|(?:matter|matters|mattered) (?:for )?(?:nothing|little)"
         r"|the decision is what it is|it is what it is|(?:suppose|guess) (?:that is|this is"
         r"|it is) (?:how|the way)|that is how (?:it|things) (?:go|goes|work|works)"
         r"|judged (?:on|by) (?:my|me)|because of my (?:age|gender|accent|race|background"
         r"|name|religion|disability|weight|looks|nationality|ethnicity)|\d+-year-old"
         r" (?:woman|man|candidate|applicant|mum|mom|dad|mother|father|person)|too old"
         r"|ageis\S*|sexis\S*|racis\S*|take it personally|took it personally|hard not to take"
         r"|(?:it|that|this|the news) (?:really )?(?:hurt|hurts|stung|stings)|salt in"
         r"|whatever(?= [.!]|$)"),
    # A form letter is a barb, unless it is what they spared the writer ("rather than a form
    # letter"); lateness is, when it is theirs, not one's own apologised for.
    # Rudeness in a story told with a smile (a translation that came out accidentally rude)
    # is about the thing, not them.
    make("insulted", r"rude", unless=(r"(?:accidentally|unintentionally|inadvertently|by"
                                      r" accident) rude|rude in (?:english|translation|\S+)"
                                      r" (?:\S+ ){0,3}(?:laugh|smile)",)),
    make("insulted", rf"{_FORM} (?:\S+ )?(?:rejection|email|response|message|reply|letter|no)",
         unless=(rf"(?:rather than|instead of|than|not) ~2 {_FORM}",)),
    make("insulted", r"(?:\S+ )?(?:minutes|hour|hours) late",
         unless=(r"(?:i was|i am|i m|i arrived|i turned up|i ran|arriving|arrived|turning up"
                 r"|being|running) ~3 (?:minutes|hour|hours) late",)),
    make("demand", r"(?:i|we) (?:\S+ )?(?:need|want|demand|expect|insist on|require) (?:a|an|the"
         r"|to know|to understand|full|proper|clear|detailed|some) ~4 (?:explanation|reasons?"
         r"|answer|justification|why|breakdown|account)|point by point|explain yourself"
         # an instruction to justify the decision, not a request ("I'd like you to explain")
         r"|(?:i|we) (?:would |d |really |must |do )?(?:, however , |however )?(?:like|want|need"
         r"|expect|require|ask)"
         r" (?:you|them|the panel|the team|someone) to (?:explain|justify|account for|spell"
         r" out|set out|walk me through|detail|document|put in writing) ~6 (?:why|<DECISION>"
         r"|<REJECT>|how you|reasons?|criteria)"
         r"|(?:you|the panel|the company|they) (?:owe|owes)|(?:met|meet|ticked|checked|matched"
         r"|fulfil\S*|satisf(?:y|ied)) (?:every|all(?: the)?|each|all of the) (?:single )?"
         r"(?:requirement|criterion|criteria|box|boxes|qualification|point)s?"),
    make("feelings", rf"(?:i|i am|i was|i feel|i felt|i have been|left me|made me feel"
         rf"|leaves me|i m) (?:\S+ )?(?:\S+ )?(?:{_FEEL})",
         unless=(r"(?:sorry|sad) to hear", _MISSED_OUT, _TEMPERED)),
    make("disappointment", r"disappoint(?:ed|ing|ment)?|disheart\S*|demorali[sz]\S*"
         r"|discourag(?:ed|ing)(?! from)|(?:knocked|dented|shaken|shook|crushed|destroyed|rattled)"
         r" (?:\S+ )?(?:my )?(?:confidence|self-esteem|self-belief)"
         r"|soul-destroying|frustrat(?:ed|ing|ion)|devastat(?:ed"
         r"|ing)|heartbroken|heartbreaking|gutted|crushed|bitter(?:ly|ness)?|resent(?:ful"
         r"|ment)?|angry|anger|outraged?|outrageous",
         unless=(r"bitter (?:coffee|taste|chocolate|cold|wind|winter|lemon|orange)",
                 r"(?:customer|user|client|patient)s? (?:\S+ )?(?:frustrat\S*|disappoint\S*"
                 r"|angry)", r"(?:frustrated|disappointed|upset|angry|furious) (?:\S+ )?"
                 r"(?:customers?|clients?|users?|patients?|guests?|callers?|tenants?|parents?"
                 r"|passengers?|diners?|shoppers?)", _MISSED_OUT, _TEMPERED,
                 # sympathy with their bad news ("gutted to hear the burst main took out
                 # half the town"), not the writer's own
                 r"(?:gutted|devastated|heartbroken|crushed|sad|sorry) (?:\S+ )?(?:to (?:hear"
                 r"|read|see|learn) (?:about )?(?:the|your|that the|how the)(?! (?:\S+ )?"
                 r"(?:decision|outcome|news|result|<ROLE_NOUN>|rejection)(?![^ ]))"
                 r"|for (?:you|the team|them|your))")),
    make("entitled", r"i (?:(?:really|truly|honestly|still|genuinely|clearly|obviously"
         r"|definitely|surely|certainly|think|believe|feel|felt|know|knew) (?:i )?)*(?:was|am|m"
         rf"|d be|d have been|would be|would have been|remain|were) (?:, (?:\S+ ){{1,4}}, )?"
         rf"(?:\S+ ){{0,2}}(?:the|a|an)"
         rf" (?:\S+ )?(?:{_BEST})"
         r" (?:\S+ )?(?:candidate|fit|choice|person|applicant|match|pick|hire|option|one)",
         # a claim denied is an acknowledgement ("I accept I wasn't the strongest candidate")
         unless=(rf"i (?:\S+ ){{0,3}}(?:not|never) (?:\S+ ){{0,2}}(?:the|a|an) (?:\S+ )?"
                 rf"(?:{_BEST})",
                 r"(?:not|never) (?:\S+ ){0,4}i (?:was|am|were|would be|d be) (?:\S+ ){0,2}"
                 rf"(?:the|a|an) (?:\S+ )?(?:{_BEST})",
                 r"(?:you|they|the team|your team) (?:\S+ ){0,4}(?:found|find|chose|picked"
                 r"|hired|choose|pick|hire|got|get)",)),
    make("entitled", r"(?:i (?:\S+ ){0,2}|my \S+ (?:\S+ )?)(?:deserve\S*|earned (?:it|this|the"
         r" job|the role|a (?:chance|shot|place|spot)))|deserved (?:better|more|the (?:job|role"
         r"|offer|position))|deserve (?:better|more)|should (?:have|ve) (?:hired|picked|chosen"
         r"|offered|gotten|got) (?:me|the)|entitled|(?:owe|owes) me|i am owed|more (?:\S+ )?than"
         r" qualified|(?:far|much|way|clearly|obviously) (?:more|better) (?:\S+ )?(?:qualified"
         r"|experienced|prepared|skilled|capable)|overqualified|over-qualified|better qualified"
         r"|(?:more|better) (?:prepared|qualified|experienced) than (?:anyone|anybody|everyone"
         r"|the others|the rest|most|all)|than anyone (?:in|else|you)|spoke for themselves"
         r"|shoo-in|(?:should|ought to) (?:have|ve) (?:walked|waltzed|strolled) (?:into|in to"
         r"|through)"
         r"|speak for themselves|(?:clearly|obviously) i was not|not as (?:\S+ )?as (?:your"
         r"|the|you|they) (?:\S+ )?(?:thought|assumed|believed|said|think)|i still (?:think"
         r"|believe|feel|maintain) (?:that )?(?:i|my)|i know (?:that )?i (?:was|would have"
         # "I know I wasn't the right match" accepts the outcome; it claims nothing
         r"|am|could have|did)(?! (?:not|never) (?:\S+ )?(?:(?:the|a|an) (?:\S+ )?(?:fit|match"
         r"|choice|pick|candidate|person|one)|selected|chosen|picked|hired|successful"
         r"|offered))|you (?:lost|missed) (?:out|a great|a strong|the best)"
         r"|(?:was|is|were|are) not (?:\S+ )?(?:impressive|good|qualified|experienced|senior"
         r"|young|polished|shiny|fancy|flashy|connected|enough) enough|was not enough|were not"
         r" enough|is not enough|not enough for (?:your|you|them)|hard to see how"),
    make("entitled", r"(?:i|we) (?:\S+ )?expected (?:better|more)(?= [.!,;]|$| from| of| than)"
         r"|i (?:was|am|m|would have been|d have been) ~8 the (?:single )?most"
         r" (?:experienced|qualified|senior|capable|prepared|accomplished) (?:\S+ )?(?:person"
         r"|candidate|applicant|one|finalist)|(?:more|better) (?:\S+ )?(?:experience|skills"
         r"|qualifications) than (?:your|the|anyone|everyone|most|all) (?:\S+ )?(?:team|panel"
         r"|else|people|candidates|of)"),
    # Ranking oneself above everyone they could find ("nobody will be keener than me"), and
    # the rejection met as a shock after the writer was sure they had excelled.
    make("unmatched", r"(?:will not|would not|could not|can not|never|not|unlikely to)"
         r" (?:\S+ )?(?:find|meet|see|get|hire) (?:anyone|anybody|someone|somebody|a (?:\S+ )?"
         r"(?:candidate|person|applicant)) (?:\S+ ){0,2}(?:more|better|harder|keener|as)"
         r" (?:\S+ ){0,3}(?:than|as) (?:me|myself|i (?:am|was|m|would be))"
         r"|(?:no one|nobody|no-one|none of them|no other (?:candidate|applicant|person))"
         r" (?:\S+ )?(?:is|was|will be|would be|could be|can be) (?:\S+ )?(?:more|better"
         r"|harder-working|keener) (?:\S+ )?(?:committed|dedicated|qualified|passionate"
         r"|motivated|hardworking|hard-working|suited|prepared|experienced|capable|eager|keen"
         r"|determined|loyal|reliable|skilled|driven|fit) (?:\S+ )?than (?:me|myself|i)"),
    make("sure-i-excelled", r"(?:thought|think|felt|feel|sure|certain|convinced|impression"
         r"|believed|assumed|figured|confident) (?:that )?i (?:had |d |have |ve )?(?:\S+ )?"
         r"(?:aced|nailed|smashed|crushed|killed) (?:it|that|this|all|every \S+|each \S+"
         r"|(?:the|my) (?:\S+ )?(?:interview|task|test|round|presentation|assignment"
         r"|case study|case|exercise|assessment|challenge|questions?|answers?|demo|pitch"
         r"|take-home))"
         r"(?= [.!,;]|$| so| and| but)"
         r"|(?:(?:came|come|comes|was|is) as|was|felt like) (?:such |quite |something of"
         r" |a bit of |rather )?"
         r"(?:a|an) (?:real |huge |big |total |complete |nasty |awful |terrible )?(?:shock"
         r"|blow|kick in the teeth|slap in the face|gut punch)(?= [.!,;]|$| to me)"),
    # Sarcasm about the process: the outcome was settled before the interviews were done.
    make("settled-before", r"(?:decision|mind|minds|choice) (?:\S+ ){0,3}(?:obviously|clearly"
         r"|already|evidently|apparently) (?:\S+ )?(?:made|decided|taken|settled|set)"
         r"|(?:made|decided|taken|settled) (?:already|in advance|beforehand|before i (?:even )?"
         r"(?:walked|arrived|came|started|applied))"),
    # Defending one's answers after the fact.
    make("defensive", r"for the record|record (?:is |was )?straight|set the record|i (?:did"
         r"|had|have) (?:actually |in fact |really )?(?:answer\S*|solv\S*|explain\S*|cover\S*"
         r"|address\S*) (?:\S+ ){0,5}(?:correctly|right|properly|perfectly|fully|in full)"
         r"|i (?:actually |in fact |really )?did (?:answer|solve|explain|mention|cover|address"
         r"|say|provide|demonstrate|show)(?! (?:\S+ ){0,3}(?:badly|poorly|wrong))"),
    # Blaming the outcome on who the writer is, or demanding the respect they feel denied.
    make("accusation", r"(?:see|look|get|move) past my|held (?:my|it|that|this) (?:\S+ )?against"
         r" me|(?:my|the|being an?) (?:\S+ ){0,3}(?:accent|age|bootcamp|degree|background"
         r"|nationality|visa|gender|name|grad|graduate) (?:\S+ ){0,4}(?:dealbreaker|deal breaker"
         r"|deal-breaker|red flag|held against|against me|a problem|an issue|a barrier)"
         r"|(?:appreciate|expect|ask|like|hope|want) (?:\S+ )?(?:being|to be) treated with"
         r"|same (?:respect|courtesy|consideration) (?:i|as i)|least you could (?:do|have done)"
         r"|common courtesy|basic (?:courtesy|decency|respect)"),
    # Credentials set against the outcome: "with my MBA, I find it hard to believe ...".
    make("credentials-versus-outcome", r"(?:given|with|despite|considering|after) (?:all )?"
         r"(?:my|all my) ~6 (?:experience|years|degree|mba|background|qualifications|track"
         r" record|phd|certifications?|portfolio) ~12 (?:hard (?:for me )?to (?:believe"
         r"|understand|make sense|accept|see|fathom)|make sense of|surpris\S*|baffl\S*|puzzl\S*"
         r"|shock\S*|(?:can not|do not|cannot) (?:understand|see|believe))"),
    make("pleading", r"(?<!sorry )beg|begging|begged|plead\S*|desperate\S*|i (?:\S+ ){0,2}need"
         r" (?:this|the|a) (?:job|role|position|offer|work|chance)|(?:family|kids|children"
         r"|rent|mortgage|bills) (?:is |are )?(?:\S+ )?(?:depending|relying|counting|depends"
         r"|relies|due)|do anything|anything for (?:this|the|a) (?:job|role|chance)|give me"
         r" (?:a|one|another|just one) (?:more )?chance|please , i|please i|i am pleading"
         r"|on my knees|last hope|only hope"),
    make("self-deprecating", rf"(?:such|an|a|complete|total|absolute|utter) (?:\S+ )?"
         rf"(?:{_SELF_LOW})(?! of (?:a|the) (?:problem|puzzle|bug|task|kitchen|room))",
         r"(?:i|me|my|myself)", unless=(r"(?:you|they|the team|your team|it|the \S+)"
                                         r" (?:was|were|is|are) (?:a|such)",
                                         r"hot mess express|mess hall")),
    make("self-deprecating", r"not cut out|not (?:\S+ )?(?:good|smart|clever|talented|strong"
         r"|sharp) enough|(?:i|me) (?:\S+ )?(?:am|was|m|felt|feel) (?:so |such |really |just )?"
         r"(?:stupid|useless|hopeless|pathetic|worthless|dumb|foolish|naive|clueless"
         r"|incompetent|inadequate)|i failed|blew it|i bombed|i choked|i froze completely"
         r"|messed (?:it|everything|the whole thing) up|screwed (?:it |everything )?up|my own"
         r" fault|all my fault|(?:sorry|apolog\S*|forgive me) (?:for|that|i|about) (?:\S+ )?"
         r"(?:wasting|being|the mess|not being|i was not|i wasted|i let|letting|my (?:poor|weak"
         r"|bad|terrible|awful|nervous|rambling|performance|answers?|interview|presentation"
         r"|mistakes?))|my (?:\S+ )?(?:mediocre|poor|weak|terrible|awful|clumsy|rubbish|pathetic"
         r"|lousy|embarrassing|subpar|sub-par|underwhelming|feeble|sloppy|shaky) (?:answers?"
         r"|performance|responses?|showing|attempts?|interview|solution|presentation|self)"
         r"|i (?:\S+ )?(?:bombed|flopped|tanked)|(?:wasting|wasted|waste)"
         r" (?:\S+ )?your time|i should have known|who am i"
         r" kidding|i guess i am (?:just )?(?:not|too)|i am (?:just )?not (?:\S+ )?(?:enough"
         r"|cut out|good|smart|talented|qualified)|i am (?:too|so) (?:old|stupid|slow"
         r"|awkward|bad)|had a (?:shot|chance)(?! to)|stood a chance|never (?:stood|had|stands"
         r"|stand|has) a chance|(?:never|not|no) (?:\S+ )?(?:stands?|standing|have|has) (?:a|any)"
         r" (?:real )?(?:chance|hope)(?= in| with| against| here| there| at| [.!,]|$)"
         r"|i (?:am|m|was) (?:\S+ )?not (?:\S+ ){1,2}material(?= [.!,;]|$)"
         r"|i (?:must|probably|surely) (?:have )?(?:looked|sounded|seemed) (?:so |such |a bit"
         r" |really |completely |totally )?(?:ridiculous|foolish|silly|stupid|daft|clueless"
         r"|an idiot|a fool|a mess|incompetent)|out of my league|not (?:sure )?what (?:more|else)"
         r" i could (?:\S+ )?(?:have )?"
         r"(?:done|do)|what (?:more|else) (?:could|can) i (?:\S+ )?(?:have )?(?:done|do) \?"
         r"|not sure what (?:more|else)|let (?:you|everyone|the team) down|i let myself down"
         r"|kicking myself|(?:candidates|applicants|finalists|others|someone|somebody|people who"
         r" (?:applied|interviewed)|people you (?:saw|met|interviewed)) (?:\S+ ){0,3}(?:far |much"
         r" |way |so |a lot )?(?:more|better|stronger|smarter) (?:\S+ )?than (?:me|myself)"
         r"|i (?:\S+ )?wasted (?:a|my|the|an|all|so much|two|three|hours|days)"
         r" (?:\S+ )?(?:week|weekend|day|days|evening|evenings|hours|month|time|effort)"
         r" (?:\S+ )?(?:preparing|on|getting|practi[sc]ing|rehearsing|working)",
         # their feedback reported, which a later letter answers with what the writer did
         # about it ("You said my cost control was not strong enough, so I started a course")
         unless=(r"(?:you|your feedback|the feedback|the panel|they) (?:\S+ )?(?:said|mentioned"
                 r"|felt|noted|pointed out|told me|thought|suggested|found|flagged|raised|was"
                 r" that) ~8 not (?:\S+ )?(?:good|strong|sharp) enough",)),
)
