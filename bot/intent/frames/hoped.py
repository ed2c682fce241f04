"""Saying how much one had hoped for, wanted or counted on the job."""

from __future__ import annotations

from bot.intent.frame import innocent, make

_HOPE_VERB = (
    r"hoped|hoping|wished|wishing|longed|longing|dreamed|dreamt|dreaming|prayed|praying"
    r"|counted|counting|banked|banking|relied|relying|wanted|yearned|yearning|aching"
    r"|itching|set on|desired|coveted|craved|craving"
)
_OBJECT = (
    r"<ROLE_NOUN>|this|it|one|to (?:get|land|join|be|work|start|hear|receive|move|become"
    r"|call|finally|make|win|bring|contribute)|for (?:months|years|weeks|this"
    r"|it|the|a yes|an offer|good news|so long)|that (?:i|this|it)|on (?:this|it|the|getting"
    r"|starting|joining|being|working)"
    r"|a yes|an offer|the offer|way in|the one|mine|me|you would|you d|the team would"
)
# Hoping to join the company some day (not having hoped for this job): what a later letter may
# say (the stay-in-touch PS does by design); a first note still leaves it out.
_FUTURE_WISH = (
    r"(?:hope|hoping|hoped|wish|wishing|dream|dreaming|longing) to (?:\S+ )?(?:join"
    r"|work (?:at|for|with|alongside|in|on)|be part of|be a part of|contribute to|be on) ~6"
    r" (?:one day|someday|some day|in (?:the )?future|down the line|eventually|before long"
    r"|at some point|in (?:some|another|a different|any) (?:role|capacity|way|team|form)"
    r"|another team|other teams|in time|later on)(?= [.!,;]|$)"
)

# Relying on, or set on, something they gave or recommended is no hope of the job ("I was
# counting on the checklist you sent me", "my heart was set on the novel you recommended").
_THEIR_GIFT = (r"(?:counting|set) on (?:\S+ing )?(?:the|your|that|this) (?:\S+ ){0,3}(?:you"
               r"|they) (?:gave|lent|sent|recommended|suggested|mentioned|showed)"
               # their tips, or their own heart set ("you clearly have your heart set on ...")
               r"|counting on your (?:\S+ )?(?:recommendations?|tips?|advice|suggestions?"
               r"|list|playlist|reading list|book)|you (?:\S+ )?(?:have|ve|had) (?:got )?your"
               r" heart set")

# Joining them told as a wish the writer still holds ("Joining your team is still a dream of
# mine"): a later letter's wish, not this job longed for.
_STILL_WISH = (r"(?:joining|working (?:with|for|at|alongside|in)|being (?:a )?part of|to join"
               r"|to work (?:with|for|at|alongside|in)) (?:\S+ ){0,4}(?:is|remains) (?:still )?"
               r"(?:a|my|an) (?:\S+ )?(?:dream|wish|ambition|aspiration|goal|hope)")

# Someone else counting on something: a story from the interview ("the tenants had been
# counting on the repair crew all winter").
_OTHERS_COUNTING = (
    r"(?:she|he|they|who|people|families|clients|customers|patients|residents|tenants|users"
    r"|members|staff|kids|children|students|pupils|everyone|someone|others|folks|locals"
    r"|neighbours|neighbors|communities|growers|farmers|drivers|readers|volunteers)"
    r" (?:\S+ ){0,3}(?:counting|counted) on|\S+s (?:had been|have been|were|are|had|have)"
    r" (?:\S+ )?(?:counting|counted) on")

# A sight or an experience hoped for, which the interview gave ("I'd been hoping to see a
# real dispatch room for years, so the tour was a treat"): not the job.
_SIGHT_HOPED = (
    r"(?:hoped|hoping|wanted|longed|longing|dreamed|dreaming|itching|dying) to"
    r" (?:see|visit|tour|watch|try|taste|ride|explore|peek|step inside|go inside|look inside"
    r"|look around)(?! (?:\S+ ){0,4}(?:<ROLE_NOUN>|offer|yes|contract|myself|me)(?![^ ]))")

FRAMES = (
    innocent("sight-hoped", _SIGHT_HOPED),
    innocent("others-counting", _OTHERS_COUNTING),
    make("future-wish", _FUTURE_WISH, excuse="future-wish"),
    make("future-wish", _STILL_WISH, excuse="future-wish"),
    make("future-wish", r"(?:hope|hoping|wish|trust) (?:that )?there (?:\S+ ){0,2}(?:be|is|s)"
         r" (?:a |an )?(?:place|space|spot|seat|role|room|opening|home) for me ~6 (?:one day"
         r"|someday|some day|in (?:the )?future|down the line|eventually|later on|in time)",
         excuse="future-wish"),
    # The same wish with the time first: "I hope one day I can work in your kitchen".
    make("future-wish", r"(?:hope|hoping|wish|dream|love|like) (?:that )?(?:one day|someday"
         r"|some day|in (?:the )?future|down the line|eventually|at some point) (?:i|we)"
         r" (?:\S+ )?(?:can|could|will|might|may|get to|ll|d) (?:\S+ )?(?:join|work|be"
         r" (?:a )?part|contribute|be on)", excuse="future-wish"),
    # Wanting, now, to work there (not having wanted this job): a later letter's wish too.
    make("future-wish", r"(?:(?:i|still|now|makes me|made me|make me) (?:\S+ )?want|i (?:\S+ )?"
         r"(?:d|would) (?:still )?love) (?:\S+ ){0,3}to (?:join|work (?:at|for|with|alongside)"
         r"|be (?:a )?part of)", excuse="future-wish"),
    make("had-hoped", rf"(?:i|we) (?:(?:<D>|have|had|was|were|am|been|m) )*(?:(?:<INTENS>"
         rf"|very much|so much|sincerely|secretly|privately|deeply|always|long|all along"
         rf"|honestly|really) )*(?:{_HOPE_VERB}) ~6 (?:{_OBJECT})",
         unless=(r"(?:wanted|want) to (?:say|thank|let|share|send|write|reach|tell|mention"
                 r"|express|follow|drop|pass|ask|check|see|enquire|inquire|find out|know"
                 r"|request|update|introduce|touch base|reconnect|raise|offer|confirm)",
                 # a hope about this very note: its length, or writing it sooner
                 r"(?:hoped|hoping|wanted|meant|intended|tried|trying) to (?:keep|make) (?:this"
                 r"|it|things|my \S+|the \S+) (?:\S+ )?(?:brief|short|quick|simple|concise"
                 r"|shorter|light)|(?:hoped|hoping|wanted|meant) to (?:write|send|reply|respond"
                 r"|get back) ~3 (?:sooner|earlier|before now)",
                 _FUTURE_WISH,
                 _THEIR_GIFT,
                 _SIGHT_HOPED,
                 # why the writer chose the field, not a wish for this job ("reminded me why I
                 # wanted to work in housing in the first place")
                 r"(?:why|reason|reasons) (?:i|we) (?:\S+ ){0,2}(?:wanted|chose|decided|came)"
                 r" to|wanted to (?:work|be|get|go) in(?:to)? (?!your |this |the |that |a |an"
                 r" |such |<ROLE_NOUN>)",
                 r"(?:thought|think|sure|certain|confident|convinced) (?:\S+ )?(?:you|the team"
                 r"|your team|they|it) (?:\S+ )?(?:would|will|d|were|are|was|is) ~6"
                 r" (?:enjoy|like|love|appreciate|interest|useful|helpful|great|well|fine)",
                 r"(?:hoping|hope|hoped) (?:\S+ )?(?:you|the team|your team|everyone|the"
                 r" launch|the) ~4 (?:well|enjoy|good|safe|success|smooth|like|love|find)",
                 r"i thought (?:it|this|that) (?:was|would be) (?:a |an )?(?:\S+ )?(?:fair"
                 r"|interesting|great|fun|clever|brilliant|lovely|good|nice|fascinating"
                 r"|smart|thoughtful|kind)")),
    # Longing told as what the chance was ("the role was something I'd dreamed of"): the
    # longing verbs alone, or a hope whose subject is the job itself (while "the visit was
    # everything I'd hoped for" praises a day that met its hopes).
    make("longed-for", r"(?:something|what|the thing|exactly what|all|everything|one thing)"
         r" (?:i|we) (?:(?:<D>|have|had|ve|always|long|so|really|truly|secretly) )*(?:longed"
         r"|yearned|dreamed|dreamt|prayed|ached) (?:for|of|about)(?= [.!,;]|$| for (?:years"
         r"|months|so long|ages|a long time)| since| ever)"
         r"|(?:job|role|position|post|offer) (?:\S+ ){0,4}"
         r"(?:was|is|had been|would have been) (?:\S+ )?(?:something|what|the thing|exactly"
         r" what) (?:i|we) (?:(?:<D>|have|had|ve|always|long|so|really|truly) )*(?:hoped|wished"
         r"|wanted|waited|longed|yearned|dreamed|dreamt|prayed)"),
    make("job-i-wanted", r"<ROLE_NOUN> (?:that |which )?i (?:(?:\S+ )?(?:\S+ )?)(?:wanted"
         r"|desired|coveted|craved"
         r"|hoped for|dreamed of|dreamt of|had my heart set on|was counting on|was praying"
         r" for|had been waiting for|was hoping for|set my heart on)|(?:only|one) (?:\S+ )?"
         r"(?:job|role|position|post|vacancy|one|thing|application|company|offer|opportunity) i"
         r" (?:\S+ )?"
         r"(?:wanted|cared about|(?:longed|yearned|ached|hungered) for)|the one i"
         r" (?:was|had been) (?:praying|hoping|waiting|wishing)|<ROLE_NOUN> (?:that |which )?i"
         r" (?:d |had |have |ve )?(?:been )?(?:dreaming|dreamed|dreamt) (?:about|of)"),
    make("dream", r"dream (?:job|role|position|company|employer|come true|place to work)"
         r"|dream (?:for me )?to (?:work|join|be part|be a part|get|land|become)"
         r"|my (?:\S+ )?dream|(?:dreamed|dreamt|dreaming) (?:of|about) (?:working|joining"
         r"|getting|being|this|it|the)|(?:i|i d|i had|i have) (?:\S+ )?(?:dreamed|dreamt) of"
         r"|(?:was|is|had been) (?:a|my) (?:\S+ )?dream"),
    make("heart-set", r"heart (?:was )?set|set my heart|sights set|heart sank"
         r"|(?:my|had|kept|keeping|have|i) (?:my |had my |kept my )?fingers (?:\S+ )?crossed"
         r"(?! for (?:you|your|them|the team))"
         r"|(?:high|great|big|such) hopes|all my hopes|my hopes|hopes (?:up|were|had been)"
         r"|had hopes|would have meant (?:the world|so much|a lot|everything)|meant"
         r" (?:everything|the world)|the world to me|would have been (?:a dream|perfect|ideal"
         r"|amazing|incredible|everything|my|the)|(?:the|my) (?:big|biggest|one|only|greatest"
         r"|main) (?:wish|goal|hope|dream|aim)|opportunity of a lifetime|once in a lifetime"
         r"|dying to|could not wait to (?:start|join|begin|work)"
         r"|(?:i|we) (?:was|were|had been) (?:(?:so|really|completely|totally|absolutely|very"
         r"|100 %|quite) )*(?:sure|certain|convinced|confident) (?:that )?(?:this|i|it was|it"
         r" would|the job|the role|the offer)|(?:expecting|expected|anticipating) (?:to hear )?"
         r"(?:a yes|an offer|the offer|good news|a call back|to (?:get|be offered|receive|join"
         r"|start|hear back with))"
         r"|banking on|banked on|invested (?:\S+ ){0,4}hopes? in|put (?:\S+ ){0,3}hopes? (?:in|on)"
         r"|wanted (?:it|this|the job|the role) (?:so+ |really |very )?(?:bad|badly)"
         r"|(?:i|we) (?:was|were|had been|d been) (?:\S+ )?(?:so |really |totally |completely )?"
         r"(?:looking forward to|ready to|pumped to|psyched to|stoked to) (?:finally )?(?:join"
         r"|working|start(?:ing)? (?:the job|the role|work|with you)|doing (?:\S+ ){1,3}with your"
         r"|be your|become|becoming|being (?:part|on)|take on (?:the|this)|step into"
         r"|hit the ground)|(?:depended|depending|relied|relying) (?:\S+ )?on (?:getting"
         r"|this|it|the|landing|joining)|really thought (?:this|i|it)|thought this was (?:it"
         r"|the one|my)",
         # a playful contest from the interview ("my heart was set on winning our debate")
         unless=(r"set on (?:winning|beating) (?:our|the|that|your) (?:\S+ )?(?:debate|argument"
                 r"|bet|game|match|quiz|round)", _THEIR_GIFT)),
    # Counting on the job; someone else counting on something ("the volunteer said she'd
    # been counting on the charity") is a story from the interview.
    make("heart-set", r"(?:i|we|was|were|been|am|m|d|had|really|truly|so|all|totally)"
         r" counting on|(?:i|we|had|have|ve|really|truly) counted on",
         unless=(_OTHERS_COUNTING, _THEIR_GIFT)),
    # A long-held ambition (to join them, to do the work); an ambition to better oneself
    # (learning a language, a certificate) is news a later letter may bring.
    make("ambition", r"(?:had been|has been|was|became) my (?:\S+ )?(?:goal|aim|plan|target"
         r"|mission|ambition|aspiration|wish|hope)|(?:a|an|one) (?:\S+ )?(?:wish|dream"
         r"|ambition|aspiration) of mine|(?<!your )(?<!their )(?<!his )(?<!her )"
         r"(?:long-held|lifelong|life-long|longstanding|long-standing|childhood) (?:dream"
         r"|ambition|aspiration|wish|goal|hope)",
         unless=(r"(?:learn\S*|stud(?:y|ying|ied)|improv\S*|master\S*|certif\S*|courses?"
                 r"|exams?|get(?:ting)? better|pass(?:ing)? (?:the|my|an?)|read(?:ing)? (?:more"
                 r"|every)|practi[sc]\S*|fluent|fitter|marathon)", _STILL_WISH)),
    # The job as the reason for a life decision, or ranked above every other.
    make("life-decision", r"(?:was|is|had been|became) (?:the|my) (?:whole |main |only |real "
         r"|entire |sole |biggest |very )?reason (?:(?:why )?(?:i|we) (?:finished|took|studied"
         r"|did|moved|trained|learned|learnt|retrained|completed|went|applied|enrolled|switched"
         r"|changed|left|quit|relocated|started|chose|turned|stayed"
         r"|remained|waited|held off|declined|put off|postponed|delayed|saved|stuck|gave up"
         r"|passed up|am still|m still)|for (?:\S+ing|my|the move|the"
         r" switch))|(?:was|were|is|had been) (?:\S+ )?(?:my|our) (?:\S+ )?(?:first|top"
         r"|number one|1st|no 1) (?:choice|pick|preference|option)|top of my (?:\S+ )?list"
         r"|(?:plans?|life|future|year|summer|autumn|fall|winter|spring|everything) (?:\S+ )"
         r"{0,4}(?:built|based|hinged|hinging|depended|riding|resting|centred|centered)"
         r" (?:on|around) (?:joining|getting|this|the job|the role|landing|working|starting"
         r"|the offer|you|your)"),
    # "Already" or "even" started on a habit of one's own ("I've already started labelling
    # every jar in my own pantry") is news; started on the move to the job is not.
    make("already-pictured", r"(?:already|even)(?! (?:\S+ )?started (?!planning|picturing"
         r"|packing|looking|telling|thinking|imagining|counting|preparing|shopping|working out"
         r"|handing|giving|resigning|house|flat|apartment|arranging|budgeting|saving|moving"
         r"|wrapping|winding)(?:\S+ing|a|an|my own|using|to) ) (?:\S+ )?(?:pictured|imagined"
         r"|told|drafted|planned"
         r"|practised|practiced|tested|timed|rehearsed|tried|arranged|sorted"
         r"|accepted|bought|started|counted|celebrated|resigned|given notice|handed in|made"
         r"|booked|looked at|picked|moved|announced|written|prepared|decided|found|planning"
         r"|picturing"
         r"|imagining|telling|thinking about|counting|looking at|shopping)"
         r"|(?:pictured|imagined|saw|envisioned|envisaged|picture|imagine|see) (?:\S+ )?myself"
         r"|i d (?:\S+ )?(?:imagined|pictured)|(?:i|i d|i had|i have|i ve) (?!never)"
         r"(?:\S+ )?(?:imagined|pictured|envisioned|envisaged|planned) (?:\S+ )?my (?:first|new"
         r"|future|daily)|(?:made|making|started|began|done) (?:\S+ ){0,3}(?:arrangements"
         r"|preparations|plans) (?:for|to) (?:\S+ )?(?:shifting|moving|relocat\S*|the move"
         r"|move|start)|(?:practised|practiced|practising|practicing|timed|timing|tested"
         r"|testing|tried|trying|rehearsed|mapped|mapping|planned|planning) (?:\S+ )?commute",
         # Work on oneself begun since the interview is news, not counting on the job.
         unless=(r"(?:tip|tips|trick|tricks|suggestion|suggested|recommend\S*|advice|advised"
                 r"|as you said)",
                 # measured against what one imagined: surprise, not longing
                 r"(?:than|as) (?:i|we) (?:\S+ ){0,2}(?:imagined|pictured|envisioned|envisaged"
                 r"|expected|thought)",
                 r"(?:i|we) (?:have|ve) already (?:started|begun) (?:\S+ )?(?:brushing up"
                 r"|working on|practi[sc]ing|studying|improving|building on)")),
    # Living in the imagined job before the answer came: a career pictured there, the
    # summer spent there "in my head", preparations made "in anticipation".
    make("lived-it-already", r"(?:envisaged|envisioned|imagined|pictured|saw|foresaw|foreseen) (?:a"
         r"|my)"
         r" (?:\S+ ){0,3}(?:career|future|life|years|time) (?:at|with|in|there|here|on)"
         r"|(?:in my (?:head|mind|imagination)|mentally) ~6 (?:already|i was|i had|i d)"
         r"|(?:started|began|begun|booked|bought|learning|planning|preparing|packing|looking)"
         r" ~6 in anticipation(?= [.!,;]|$| of (?:the|an|a|my) (?:offer|move|job|role|start))"),
    make("the-opportunity", r"(?:job|role|position|offer|one|this|it) (?:was|would have been"
         r"|is) (?:the|my) (?:\S+ )?(?:opportunity|one|chance|dream|goal|ticket|way in|break"
         r"|everything)(?= [.!,]| for me| of (?:a|my) lifetime| i (?:had|d|have) been| i was)"),
    make("meant-to-me", r"(?:mattered|meant) (?:so much|a lot|a great deal|everything|the world"
         r"|more than) ~3 me|really mattered to me|(?:i|i d|i would) (?:have|ve) loved to (?:join"
         r"|work|be|get|start|have|become)|(?:would|d) (?:have|ve) (?:\S+ )?loved to (?:join"
         r"|work|be|start|become|take (?:up|on)|accept|contribute|help (?:build|shape|lead)|lead)"
         r"|built (?:my|our) (?:\S+ )?(?:plan|plans|life|year|future|summer) around|(?:made"
         r"|meant) for me|meant to be|born for this|(?:was|had been) (?:the|my) (?:\S+ )?plan"
         r"|(?:really|truly|genuinely|honestly) believed (?:this|i|it|that)|counting the days"),
    make("hoping-for", r"hoping (?:for|to) (?:\S+ )?(?:an offer|the offer|a yes|good news|the job"
         r"|the role|get|land|hear back|join|start|be offered)|(?:i|we) (?:was|were|had been|felt"
         r"|d been) (?:\S+ )?(?:hopeful|optimistic)|turned down (?:another|other|an?) (?:\S+ )?"
         r"(?:offer|interview|role|job|position)|(?:pinned|bet|gambled|staked|banked|hung|put)"
         r" (?:\S+ ){0,3}(?:on (?:this|it|the|that|getting|landing|one|joining)|hopes)|all my eggs"
         r"|(?:started|began|even started) (?:planning|picturing|imagining|preparing|looking"
         r" at|packing|telling)|how (?:sure|confident|certain|excited) i was|set my sights"
         r"|sights (?:were )?set|(?:working|aiming|building|preparing|heading) (?:toward|towards"
         r"|for) (?:\S+ )?(?:since|for years|my whole|all my)|(?:role|job|position) i (?:d|had)"
         r" been (?:working|aiming|building|preparing|waiting)", unless=(_FUTURE_WISH,)),
    # (wishing one had been at their talk or event is no wish for the job)
    make("wish-i-had", r"i wish (?:i|it|things) (?:had|could have|would have) (?:been|got"
         r"|gotten|landed|won|turned|gone|worked|received|heard|joined|made)",
         unless=(r"(?:been able to|could have|had) (?:\S+ )?(?:attend|see|hear|watch|visit|meet"
                 r"|come|make it|stay|catch)",)),
    make("looking-forward", r"(?:was|were|had been|d been) (?:\S+ )?(?:\S+ )?looking forward"
         r" to (?:be|being|join|joining|work|working|start|starting|becoming|hearing"
         # or to the life the job would have brought: the move for it
         r"|moving|relocat\S*|the move|the relocation)"
         # excitement, in the past, about doing the job (not about meeting the team)
         r"|(?:i|we) (?:was|were|had been|d been) (?:\S+ ){0,2}(?:excited|thrilled|eager|keen)"
         r" (?:\S+ )?to (?:finally )?(?:work (?:in|at|for|with|on)|join (?:you|your|the team"
         r"|the company)|start (?:at|with|in|on)|be part)"
         # or about the life it would bring: the writer's move, joining, working there
         r"|(?:i|we) (?:was|were|had been|d been) (?:\S+ ){0,2}(?:excited|thrilled|eager|keen)"
         r" (?:about|at|by) (?:\S+ ){0,2}(?:(?:our|my|a|the (?:possible|potential|prospective"
         r"|planned|likely|hoped-for|big)) (?:\S+ )?(?:move|relocation)|(?:moving|relocating)"
         r" (?:to|over|abroad|house|country|city|cities|here|there|across|the family)|joining"
         r" (?:you|your|the team|the company)|working (?:at|for|with|alongside) (?:you|your"
         r"|the team))"
         # a longing in the pluperfect, told with feeling ("I had so wanted to ...")
         r"|(?:i|we) (?:had|d) (?:so|so very|dearly|so dearly) (?:much )?(?:wanted|hoped|wished"
         r"|longed)"
         # the job as what kept the writer going
         r"|(?:thought|idea|prospect|hope|dream) of (?:joining|working|getting|starting|being)"
         r" ~8 (?:kept me going|got me through|carried me)"),
    # Readiness for a job not yet offered: a plan for one's first days in it, something bought
    # or learned on the expectation of needing it there; and the job as the only one tried
    # for, or the keenness, told in the past.
    make("counted-on-it", r"my first(?:-| )(?:day|week|month|\d+-day|hundred-day|90-day)s? "
         r"(?:\S+ )?plans?|(?:thinking|expecting|sure|assuming|since) i d (?:need|use|want)"
         r" (?:it|them|this|that|one) (?:for|in|at) (?:the|my|this|your) (?:job|role|position"
         r"|post|first)|(?:(?:yours|you|your \S+|it|this) (?:was|were|is) the only (?:\S+ ){0,2}"
         r"|the only (?:<ROLE_NOUN>|company|employer|firm|one|application) )(?:i|we)"
         r" (?:had |have |ve )?(?:applied|apply) (?:to|for)|how (?:keen|eager|desperate|excited"
         r"|set) (?:i|we) (?:was|were|had been)(?= [.!,;]|$| (?:for|about) (?:the|this|it)"
         r"| to (?:join|work|start|get|be part))"),
    # Sure of the offer before it came ("I thought for sure the offer was coming"), or the
    # job as the happiest thing that could have happened ("Nothing would have made me
    # happier than getting that call").
    make("sure-of-it", r"(?:thought|felt|was|were|been|so) (?:\S+ )?(?:for sure|sure|certain"
         r"|convinced|positive) (?:that )?(?:the |an |this |your )?(?:offer|job|role|position"
         r"|post|call|yes|it) ~4 (?:coming|mine|in the bag|on its way|a done deal|would|was"
         r" going to)"
         r"|nothing (?:would have|could have|would|could) (?:\S+ )?made me (?:\S+ )?(?:happier"
         r"|prouder|more excited) than (?:getting|being (?:offered|chosen|picked|hired"
         r"|selected)|hearing (?:yes|back)|receiving|joining|landing|starting|a yes|(?:an|the"
         r"|that) (?:offer|call|job|role|yes)|working (?:with|for|at|there|alongside))"),
)
