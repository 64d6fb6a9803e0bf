"""The words and phrases of synthetic practices, in English, French and Italian.

Every entry is parallel across languages: the same index gives the same
meaning, so a practice and its translations say the same thing. Templates
use the placeholders filled in by `bench.synthetic.specs`.
"""

# Groups: "art" with its article, "de" after "of", "a" after "to", "one" for
# "each …". "keywords" tie a group to taxonomy slugs.
GROUPS = [
    {
        "keywords": ("child",),
        "en": {
            "pl": "children",
            "art": "children",
            "de": "of children",
            "a": "to children",
            "one": "each child",
        },
        "fr": {
            "pl": "enfants",
            "art": "les enfants",
            "de": "des enfants",
            "a": "aux enfants",
            "one": "chaque enfant",
        },
        "it": {
            "pl": "bambini",
            "art": "i bambini",
            "de": "dei bambini",
            "a": "ai bambini",
            "one": "ogni bambino",
        },
    },
    {
        "keywords": ("young",),
        "en": {
            "pl": "young people",
            "art": "young people",
            "de": "of young people",
            "a": "to young people",
            "one": "each young person",
        },
        "fr": {
            "pl": "jeunes",
            "art": "les jeunes",
            "de": "des jeunes",
            "a": "aux jeunes",
            "one": "chaque jeune",
        },
        "it": {
            "pl": "giovani",
            "art": "i giovani",
            "de": "dei giovani",
            "a": "ai giovani",
            "one": "ogni giovane",
        },
    },
    {
        "keywords": ("older", "ageing"),
        "en": {
            "pl": "older people",
            "art": "older people",
            "de": "of older people",
            "a": "to older people",
            "one": "each older person",
        },
        "fr": {
            "pl": "personnes âgées",
            "art": "les personnes âgées",
            "de": "des personnes âgées",
            "a": "aux personnes âgées",
            "one": "chaque personne âgée",
        },
        "it": {
            "pl": "persone anziane",
            "art": "le persone anziane",
            "de": "delle persone anziane",
            "a": "alle persone anziane",
            "one": "ogni persona anziana",
        },
    },
    {
        "keywords": ("disab",),
        "en": {
            "pl": "people with disabilities",
            "art": "people with disabilities",
            "de": "of people with disabilities",
            "a": "to people with disabilities",
            "one": "each person with a disability",
        },
        "fr": {
            "pl": "personnes en situation de handicap",
            "art": "les personnes en situation de handicap",
            "de": "des personnes en situation de handicap",
            "a": "aux personnes en situation de handicap",
            "one": "chaque personne en situation de handicap",
        },
        "it": {
            "pl": "persone con disabilità",
            "art": "le persone con disabilità",
            "de": "delle persone con disabilità",
            "a": "alle persone con disabilità",
            "one": "ogni persona con disabilità",
        },
    },
    {
        "keywords": ("migrant", "refugee"),
        "en": {
            "pl": "migrants and refugees",
            "art": "migrants and refugees",
            "de": "of migrants and refugees",
            "a": "to migrants and refugees",
            "one": "each newcomer",
        },
        "fr": {
            "pl": "personnes migrantes et réfugiées",
            "art": "les personnes migrantes et réfugiées",
            "de": "des personnes migrantes et réfugiées",
            "a": "aux personnes migrantes et réfugiées",
            "one": "chaque personne accueillie",
        },
        "it": {
            "pl": "migranti e rifugiati",
            "art": "i migranti e i rifugiati",
            "de": "dei migranti e dei rifugiati",
            "a": "ai migranti e ai rifugiati",
            "one": "ogni persona accolta",
        },
    },
    {
        "keywords": ("famil",),
        "en": {
            "pl": "families",
            "art": "families",
            "de": "of families",
            "a": "to families",
            "one": "each family",
        },
        "fr": {
            "pl": "familles",
            "art": "les familles",
            "de": "des familles",
            "a": "aux familles",
            "one": "chaque famille",
        },
        "it": {
            "pl": "famiglie",
            "art": "le famiglie",
            "de": "delle famiglie",
            "a": "alle famiglie",
            "one": "ogni famiglia",
        },
    },
    {
        "keywords": ("precar", "rights"),
        "en": {
            "pl": "people in precarious situations",
            "art": "people in precarious situations",
            "de": "of people in precarious situations",
            "a": "to people in precarious situations",
            "one": "each person",
        },
        "fr": {
            "pl": "personnes en situation de précarité",
            "art": "les personnes en situation de précarité",
            "de": "des personnes en situation de précarité",
            "a": "aux personnes en situation de précarité",
            "one": "chaque personne",
        },
        "it": {
            "pl": "persone in condizione di povertà",
            "art": "le persone in condizione di povertà",
            "de": "delle persone in condizione di povertà",
            "a": "alle persone in condizione di povertà",
            "one": "ogni persona",
        },
    },
    {
        "keywords": ("job", "career"),
        "en": {
            "pl": "jobseekers",
            "art": "jobseekers",
            "de": "of jobseekers",
            "a": "to jobseekers",
            "one": "each jobseeker",
        },
        "fr": {
            "pl": "demandeurs d'emploi",
            "art": "les demandeurs d'emploi",
            "de": "des demandeurs d'emploi",
            "a": "aux demandeurs d'emploi",
            "one": "chaque demandeur d'emploi",
        },
        "it": {
            "pl": "persone in cerca di lavoro",
            "art": "le persone in cerca di lavoro",
            "de": "delle persone in cerca di lavoro",
            "a": "alle persone in cerca di lavoro",
            "one": "ogni persona in cerca di lavoro",
        },
    },
    {
        "keywords": ("carer",),
        "en": {
            "pl": "family carers",
            "art": "family carers",
            "de": "of family carers",
            "a": "to family carers",
            "one": "each carer",
        },
        "fr": {
            "pl": "proches aidants",
            "art": "les proches aidants",
            "de": "des proches aidants",
            "a": "aux proches aidants",
            "one": "chaque proche aidant",
        },
        "it": {
            "pl": "caregiver familiari",
            "art": "i caregiver familiari",
            "de": "dei caregiver familiari",
            "a": "ai caregiver familiari",
            "one": "ogni caregiver",
        },
    },
    {
        "keywords": ("professional", "training"),
        "en": {
            "pl": "social work students",
            "art": "social work students",
            "de": "of social work students",
            "a": "to social work students",
            "one": "each student",
        },
        "fr": {
            "pl": "étudiants en travail social",
            "art": "les étudiants en travail social",
            "de": "des étudiants en travail social",
            "a": "aux étudiants en travail social",
            "one": "chaque étudiant",
        },
        "it": {
            "pl": "studenti di servizio sociale",
            "art": "gli studenti di servizio sociale",
            "de": "degli studenti di servizio sociale",
            "a": "agli studenti di servizio sociale",
            "one": "ogni studente",
        },
    },
    {
        "keywords": ("homeless",),
        "en": {
            "pl": "people experiencing homelessness",
            "art": "people experiencing homelessness",
            "de": "of people experiencing homelessness",
            "a": "to people experiencing homelessness",
            "one": "each person without a home",
        },
        "fr": {
            "pl": "personnes sans domicile",
            "art": "les personnes sans domicile",
            "de": "des personnes sans domicile",
            "a": "aux personnes sans domicile",
            "one": "chaque personne sans domicile",
        },
        "it": {
            "pl": "persone senza dimora",
            "art": "le persone senza dimora",
            "de": "delle persone senza dimora",
            "a": "alle persone senza dimora",
            "one": "ogni persona senza dimora",
        },
    },
]
# How often each group is drawn when no taxonomy term points at one.
GROUP_WEIGHTS = [9, 8, 8, 5, 4, 6, 5, 3, 2, 1, 2]

# Approaches: "name" starts a title, "the" is the object of a verb.
APPROACHES = [
    {
        "en": {"name": "peer mentoring", "the": "peer mentoring"},
        "fr": {"name": "mentorat entre pairs", "the": "le mentorat entre pairs"},
        "it": {"name": "tutoraggio tra pari", "the": "il tutoraggio tra pari"},
    },
    {
        "en": {"name": "home visits", "the": "home visits"},
        "fr": {"name": "visites à domicile", "the": "les visites à domicile"},
        "it": {"name": "visite domiciliari", "the": "le visite domiciliari"},
    },
    {
        "en": {"name": "one-stop social reception", "the": "a one-stop social reception"},
        "fr": {"name": "accueil social inconditionnel", "the": "l'accueil social inconditionnel"},
        "it": {"name": "sportello sociale unico", "the": "lo sportello sociale unico"},
    },
    {
        "en": {"name": "mobile outreach team", "the": "a mobile outreach team"},
        "fr": {"name": "équipe mobile d'aller-vers", "the": "une équipe mobile d'aller-vers"},
        "it": {"name": "unità mobile di prossimità", "the": "un'unità mobile di prossimità"},
    },
    {
        "en": {"name": "group workshops", "the": "group workshops"},
        "fr": {"name": "ateliers collectifs", "the": "des ateliers collectifs"},
        "it": {"name": "laboratori di gruppo", "the": "laboratori di gruppo"},
    },
    {
        "en": {"name": "integrated case management", "the": "integrated case management"},
        "fr": {"name": "accompagnement global", "the": "l'accompagnement global"},
        "it": {"name": "presa in carico integrata", "the": "la presa in carico integrata"},
    },
    {
        "en": {"name": "digital inclusion support", "the": "digital inclusion support"},
        "fr": {"name": "médiation numérique", "the": "la médiation numérique"},
        "it": {"name": "facilitazione digitale", "the": "la facilitazione digitale"},
    },
    {
        "en": {"name": "job shadowing", "the": "job shadowing"},
        "fr": {"name": "immersion professionnelle", "the": "l'immersion professionnelle"},
        "it": {"name": "affiancamento professionale", "the": "l'affiancamento professionale"},
    },
    {
        "en": {"name": "family mediation", "the": "family mediation"},
        "fr": {"name": "médiation familiale", "the": "la médiation familiale"},
        "it": {"name": "mediazione familiare", "the": "la mediazione familiare"},
    },
    {
        "en": {"name": "respite care", "the": "respite care"},
        "fr": {"name": "accueil de répit", "the": "l'accueil de répit"},
        "it": {"name": "servizi di sollievo", "the": "i servizi di sollievo"},
    },
    {
        "en": {"name": "intergenerational housing", "the": "intergenerational housing"},
        "fr": {"name": "habitat intergénérationnel", "the": "l'habitat intergénérationnel"},
        "it": {
            "name": "coabitazione intergenerazionale",
            "the": "la coabitazione intergenerazionale",
        },
    },
    {
        "en": {"name": "supported employment", "the": "supported employment"},
        "fr": {"name": "emploi accompagné", "the": "l'emploi accompagné"},
        "it": {
            "name": "inserimento lavorativo assistito",
            "the": "l'inserimento lavorativo assistito",
        },
    },
    {
        "en": {"name": "community cafés", "the": "community cafés"},
        "fr": {"name": "cafés solidaires", "the": "des cafés solidaires"},
        "it": {"name": "caffè solidali", "the": "i caffè solidali"},
    },
    {
        "en": {"name": "Housing First", "the": "Housing First"},
        "fr": {"name": "logement d'abord", "the": "le logement d'abord"},
        "it": {"name": "Housing First", "the": "l'Housing First"},
    },
]
APPROACH_WEIGHTS = [6, 7, 5, 4, 6, 5, 4, 3, 3, 2, 2, 2, 1, 1]

SETTINGS = [
    {"en": "in rural areas", "fr": "en milieu rural", "it": "nelle aree rurali"},
    {
        "en": "in urban neighbourhoods",
        "fr": "dans les quartiers urbains",
        "it": "nei quartieri urbani",
    },
    {"en": "in small towns", "fr": "dans les petites communes", "it": "nei piccoli comuni"},
    {
        "en": "in social housing estates",
        "fr": "dans les quartiers d'habitat social",
        "it": "nei quartieri di edilizia popolare",
    },
    {"en": "in schools", "fr": "en milieu scolaire", "it": "nelle scuole"},
    {"en": "across the region", "fr": "à l'échelle départementale", "it": "su scala regionale"},
    {
        "en": "in mountain valleys",
        "fr": "dans les vallées de montagne",
        "it": "nelle valli montane",
    },
    {
        "en": "in border areas",
        "fr": "dans les territoires frontaliers",
        "it": "nelle zone di confine",
    },
]

# Partners are only used after "with"/"and": no article contraction to handle.
PARTNERS = [
    {"en": "the town hall", "fr": "la mairie", "it": "il comune"},
    {"en": "a local association", "fr": "une association locale", "it": "un'associazione locale"},
    {
        "en": "the regional health authority",
        "fr": "l'agence régionale de santé",
        "it": "l'azienda sanitaria locale",
    },
    {
        "en": "a social cooperative",
        "fr": "une coopérative sociale",
        "it": "una cooperativa sociale",
    },
    {
        "en": "the public employment service",
        "fr": "le service public de l'emploi",
        "it": "il centro per l'impiego",
    },
    {
        "en": "a school of social work",
        "fr": "un institut régional du travail social",
        "it": "un dipartimento universitario di servizio sociale",
    },
    {
        "en": "schools and youth clubs",
        "fr": "les écoles et les maisons de quartier",
        "it": "le scuole e i centri giovanili",
    },
]

# Professions, always plural: "the" is a subject or object, "pl" is bare.
PROFESSIONALS = [
    {
        "en": {"the": "social workers", "pl": "social workers"},
        "fr": {"the": "les travailleurs sociaux", "pl": "travailleurs sociaux"},
        "it": {"the": "gli assistenti sociali", "pl": "assistenti sociali"},
    },
    {
        "en": {"the": "special educators", "pl": "special educators"},
        "fr": {"the": "les éducateurs spécialisés", "pl": "éducateurs spécialisés"},
        "it": {"the": "gli educatori professionali", "pl": "educatori professionali"},
    },
    {
        "en": {"the": "home help workers", "pl": "home help workers"},
        "fr": {"the": "les aides à domicile", "pl": "aides à domicile"},
        "it": {"the": "gli operatori socio-sanitari", "pl": "operatori socio-sanitari"},
    },
    {
        "en": {"the": "psychologists", "pl": "psychologists"},
        "fr": {"the": "les psychologues", "pl": "psychologues"},
        "it": {"the": "gli psicologi", "pl": "psicologi"},
    },
    {
        "en": {"the": "career counsellors", "pl": "career counsellors"},
        "fr": {"the": "les conseillers en insertion", "pl": "conseillers en insertion"},
        "it": {"the": "gli orientatori", "pl": "orientatori"},
    },
    {
        "en": {"the": "community workers", "pl": "community workers"},
        "fr": {"the": "les animateurs de quartier", "pl": "animateurs de quartier"},
        "it": {"the": "gli operatori di comunità", "pl": "operatori di comunità"},
    },
]

TITLES = {
    "en": "{Approach_name} for {group} {setting} #{number}",
    "fr": "{Approach_name} pour {group} {setting} #{number}",
    "it": "{Approach_name} per {group} {setting} #{number}",
}

SUMMARIES = [
    {
        "en": "In {city}, {pro} and {partner} offer {approach} to {group} {setting}, so that {one} "
        "gets timely support and a single contact person.",
        "fr": "À {city}, {pro} et {partner} proposent {approach} {group_a} {setting}, afin que {one} "
        "bénéficie d'un soutien rapide et d'un interlocuteur unique.",
        "it": "A {city}, {pro} e {partner} propongono {approach} {group_a} {setting}, perché {one} "
        "riceva un sostegno tempestivo e abbia un unico referente.",
    },
    {
        "en": "{Approach_name} {setting}: a practice from {city} that brings together {group}, "
        "professionals and volunteers to prevent isolation and exclusion before a crisis "
        "makes emergency support necessary.",
        "fr": "{Approach_name} {setting} : une pratique née à {city} qui réunit {group}, des "
        "professionnels et des bénévoles pour prévenir l'isolement et l'exclusion avant "
        "qu'une crise ne rende une aide d'urgence nécessaire.",
        "it": "{Approach_name} {setting}: una pratica nata a {city} che riunisce {group}, "
        "professionisti e volontari per prevenire l'isolamento e l'esclusione prima che "
        "una crisi renda necessario un intervento d'urgenza.",
    },
    {
        "en": "Since {year}, in {city}, {pro} and {partner} have used {approach} to help {group} "
        "{setting} claim their rights and find their way through social services.",
        "fr": "Depuis {year}, à {city}, {pro} et {partner} s'appuient sur {approach} pour aider "
        "{group} {setting} à faire valoir leurs droits et à s'orienter parmi les services sociaux.",
        "it": "Dal {year}, a {city}, {pro} e {partner} utilizzano {approach} per aiutare {group} "
        "{setting} a far valere i propri diritti e a orientarsi tra i servizi sociali.",
    },
]

CONTEXT = [
    {
        "en": "In {city}, the social services observed that the isolation {group_de} {setting} was "
        "growing and that existing support reached only part of them.",
        "fr": "À {city}, les services sociaux ont constaté que l'isolement {group_de} {setting} "
        "augmentait et que les dispositifs existants n'en touchaient qu'une partie.",
        "it": "A {city}, i servizi sociali hanno osservato che l'isolamento {group_de} {setting} era "
        "in aumento e che i servizi esistenti ne raggiungevano solo una parte.",
    },
    {
        "en": "Before {year}, {group} sometimes had to contact five different services before "
        "receiving a coherent answer, and many gave up along the way.",
        "fr": "Avant {year}, {group} devaient parfois s'adresser à cinq services différents avant "
        "d'obtenir une réponse cohérente, et beaucoup renonçaient en chemin.",
        "it": "Prima del {year}, {group} dovevano talvolta rivolgersi a cinque servizi diversi prima "
        "di ottenere una risposta coerente, e non pochi rinunciavano lungo il percorso.",
    },
    {
        "en": "The territory combines an ageing population, public services far away and a "
        "shortage of {pro_pl}.",
        "fr": "Le territoire cumule une population vieillissante, des services publics éloignés et "
        "une pénurie de {pro_pl}.",
        "it": "Il territorio unisce una popolazione che invecchia, servizi pubblici lontani e una "
        "carenza di {pro_pl}.",
    },
    {
        "en": "A survey carried out with {partner} showed that {pct1}% {group_de} did not know "
        "which service to contact when their situation changed.",
        "fr": "Une enquête menée avec {partner} a montré que {pct1} % {group_de} ne savaient pas à "
        "quel service s'adresser lorsque leur situation changeait.",
        "it": "Un'indagine condotta con {partner} ha mostrato che il {pct1}% {group_de} non sapeva "
        "a quale servizio rivolgersi quando la propria situazione cambiava.",
    },
    {
        "en": "The move of public services online has closed several local offices and leaves "
        "behind people without internet access or digital skills.",
        "fr": "La dématérialisation des démarches a fermé plusieurs guichets de proximité et laisse "
        "de côté les personnes sans accès à internet ni compétences numériques.",
        "it": "La digitalizzazione delle pratiche ha chiuso diversi sportelli di prossimità e lascia "
        "indietro chi non ha accesso a internet o competenze digitali.",
    },
    {
        "en": "{Pro} reported that they spent more time coordinating with other services than "
        "working directly with {group}.",
        "fr": "{Pro} indiquaient qu'ils consacraient davantage de temps à la coordination avec les "
        "autres services qu'au travail direct avec {group}.",
        "it": "{Pro} segnalavano di dedicare più tempo al coordinamento con gli altri servizi che al "
        "lavoro diretto con {group}.",
    },
    {
        "en": "The practice responds to a regional plan that makes the prevention of exclusion a "
        "priority for the period {year}–{plan_end}.",
        "fr": "La pratique répond à un schéma départemental qui fait de la prévention de "
        "l'exclusion une priorité pour la période {year}–{plan_end}.",
        "it": "La pratica risponde a un piano regionale che fa della prevenzione dell'esclusione "
        "una priorità per il periodo {year}–{plan_end}.",
    },
    {
        "en": "For {one}, the first contact with social services often happens too late, when the "
        "situation has already become a crisis.",
        "fr": "Pour {one}, le premier contact avec les services sociaux intervient souvent trop "
        "tard, lorsque la situation est déjà devenue une crise.",
        "it": "Per {one}, il primo contatto con i servizi sociali avviene spesso troppo tardi, "
        "quando la situazione è già diventata un'emergenza.",
    },
    {
        "en": "Families, children and neighbours are often the first to notice difficulties, but "
        "they rarely know whom to alert.",
        "fr": "Les familles, les enfants et les voisins sont souvent les premiers à remarquer les "
        "difficultés, mais ils savent rarement qui alerter.",
        "it": "Le famiglie, i giovani e i vicini sono spesso i primi ad accorgersi delle difficoltà, "
        "ma raramente sanno chi avvisare.",
    },
    {
        "en": "The initiative is intended for {group} and for the professionals and volunteers who "
        "support them day to day.",
        "fr": "L'initiative s'adresse {group_a} ainsi qu'aux professionnels et aux bénévoles qui les "
        "accompagnent au quotidien.",
        "it": "L'iniziativa è rivolta {group_a}, oltre che agli operatori e ai volontari che se ne "
        "occupano ogni giorno.",
    },
    {
        "en": "Waiting lists for specialised support had reached several months in {city}, while "
        "early help was almost non-existent.",
        "fr": "À {city}, les listes d'attente pour un accompagnement spécialisé atteignaient "
        "plusieurs mois, alors que l'aide précoce était presque inexistante.",
        "it": "A {city} le liste d'attesa per un sostegno specialistico avevano raggiunto diversi "
        "mesi, mentre l'aiuto precoce era quasi inesistente.",
    },
]

METHOD_INTRO = [
    {
        "en": "The team launched {approach} in {year}, in close cooperation with {group} and "
        "{partner}.",
        "fr": "L'équipe a lancé {approach} en {year}, en lien étroit avec {group} et {partner}.",
        "it": "Il gruppo di lavoro ha avviato {approach} nel {year}, in stretta collaborazione con "
        "{group} e {partner}.",
    },
    {
        "en": "The method relies on {approach}, which {pro} coordinate with {partner}.",
        "fr": "La méthode repose sur {approach}, que {pro} coordonnent avec {partner}.",
        "it": "Il metodo prevede {approach}, che {pro} coordinano con {partner}.",
    },
    {
        "en": "Each step was tested with a small group before being extended to the whole "
        "territory.",
        "fr": "Chaque étape a été testée avec un petit groupe avant d'être étendue à tout le "
        "territoire.",
        "it": "Ogni fase è stata sperimentata con un piccolo gruppo prima di essere estesa a tutto "
        "il territorio.",
    },
    {
        "en": "The work is organised around a shared file, a single contact person for {one} and "
        "regular case reviews.",
        "fr": "Le travail s'organise autour d'un dossier partagé, d'un référent unique pour {one} et "
        "de revues de situation régulières.",
        "it": "Il lavoro è organizzato attorno a una cartella condivisa, a un referente unico per "
        "{one} e a revisioni periodiche dei casi.",
    },
]

# In the order they happen: a practice keeps the chosen steps in this order.
METHOD_STEPS = [
    {
        "en": "<strong>Needs assessment:</strong> {pro} met {group} and {partner} to list the most "
        "frequent difficulties.",
        "fr": "<strong>Diagnostic des besoins :</strong> {pro} ont rencontré {group} et {partner} "
        "pour recenser les difficultés les plus fréquentes.",
        "it": "<strong>Analisi dei bisogni:</strong> {pro} hanno incontrato {group} e {partner} per "
        "individuare le difficoltà più frequenti.",
    },
    {
        "en": "<strong>Partnership agreement:</strong> the partners signed an agreement that sets "
        "out who does what and how information is shared.",
        "fr": "<strong>Convention de partenariat :</strong> les partenaires ont signé une convention "
        "qui précise le rôle de chacun et les modalités de partage d'informations.",
        "it": "<strong>Accordo di partenariato:</strong> i partner hanno firmato un accordo che "
        "stabilisce chi fa cosa e come vengono condivise le informazioni.",
    },
    {
        "en": "<strong>Training:</strong> {n_staff} professionals followed a {n_days}-day training "
        "to introduce {approach} and listening without judgement.",
        "fr": "<strong>Formation :</strong> {n_staff} professionnels ont suivi une formation de "
        "{n_days} jours pour mettre en place {approach} et l'écoute sans jugement.",
        "it": "<strong>Formazione:</strong> {n_staff} professionisti hanno seguito una formazione di "
        "{n_days} giorni per introdurre {approach} e l'ascolto senza giudizio.",
    },
    {
        "en": "<strong>First contact:</strong> every request receives an answer within {n_days} "
        "working days, at the desk, by phone or at home.",
        "fr": "<strong>Premier contact :</strong> chaque demande reçoit une réponse sous {n_days} "
        "jours ouvrés, au guichet, par téléphone ou à domicile.",
        "it": "<strong>Primo contatto:</strong> ogni richiesta riceve una risposta entro {n_days} "
        "giorni lavorativi, allo sportello, al telefono o a domicilio.",
    },
    {
        "en": "<strong>Individual plan:</strong> {one} builds a support plan with a named "
        "professional, reviewed every {n_weeks} weeks.",
        "fr": "<strong>Projet individualisé :</strong> {one} construit un projet d'accompagnement "
        "avec un professionnel référent, revu toutes les {n_weeks} semaines.",
        "it": "<strong>Progetto individuale:</strong> {one} costruisce un progetto di "
        "accompagnamento con un professionista di riferimento, rivisto ogni {n_weeks} "
        "settimane.",
    },
    {
        "en": "<strong>Group sessions:</strong> monthly workshops bring {group} together to share "
        "experience and build mutual help.",
        "fr": "<strong>Temps collectifs :</strong> des ateliers mensuels réunissent {group} pour "
        "partager leurs expériences et développer l'entraide.",
        "it": "<strong>Incontri di gruppo:</strong> laboratori mensili riuniscono {group} per "
        "condividere esperienze e sviluppare il mutuo aiuto.",
    },
    {
        "en": "<strong>Coordination:</strong> a case review with {partner} takes place every "
        "{n_weeks} weeks to adjust the support.",
        "fr": "<strong>Coordination :</strong> une revue de situation avec {partner} a lieu toutes "
        "les {n_weeks} semaines pour ajuster l'accompagnement.",
        "it": "<strong>Coordinamento:</strong> ogni {n_weeks} settimane una revisione dei casi con "
        "{partner} permette di adattare il sostegno.",
    },
    {
        "en": "<strong>Digital tools:</strong> a shared online file, with the person's consent, "
        "avoids telling the same story to each service.",
        "fr": "<strong>Outils numériques :</strong> un dossier partagé en ligne, avec l'accord de la "
        "personne, évite de raconter la même histoire à chaque service.",
        "it": "<strong>Strumenti digitali:</strong> una cartella condivisa online, con il consenso "
        "della persona, evita di raccontare la stessa storia a ogni servizio.",
    },
    {
        "en": "<strong>Participation:</strong> representatives {group_de} sit on the steering "
        "committee and take part in the annual review of the practice.",
        "fr": "<strong>Participation :</strong> des représentants {group_de} siègent au comité de "
        "pilotage et participent au bilan annuel de la pratique.",
        "it": "<strong>Partecipazione:</strong> alcuni rappresentanti {group_de} siedono nel "
        "comitato di pilotaggio e partecipano alla revisione annuale della pratica.",
    },
    {
        "en": "<strong>Evaluation:</strong> indicators are collected every six months and "
        "discussed with the team and the partners.",
        "fr": "<strong>Évaluation :</strong> les indicateurs sont recueillis tous les six mois et "
        "discutés avec l'équipe et les partenaires.",
        "it": "<strong>Valutazione:</strong> gli indicatori vengono raccolti ogni sei mesi e "
        "discussi con il gruppo di lavoro e i partner.",
    },
]

OUTCOMES = [
    {
        "en": "In {n_years} years, the practice supported {n_people} {group_pl}; {pct1}% of them "
        "had never been in contact with social services.",
        "fr": "En {n_years} ans, la pratique a accompagné {n_people} {group_pl}, dont {pct1} % "
        "n'avaient jamais été en contact avec les services sociaux.",
        "it": "In {n_years} anni la pratica ha accompagnato {n_people} {group_pl}; il {pct1}% di "
        "loro non era mai entrato in contatto con i servizi sociali.",
    },
    {
        "en": "The average waiting time before a first appointment fell from {n_weeks_before} weeks "
        "to {n_days} days.",
        "fr": "Le délai moyen avant un premier rendez-vous est passé de {n_weeks_before} semaines à "
        "{n_days} jours.",
        "it": "Il tempo medio di attesa per un primo appuntamento è sceso da {n_weeks_before} "
        "settimane a {n_days} giorni.",
    },
    {
        "en": "{Pro} say they spend less time on paperwork and more time with {group}.",
        "fr": "{Pro} déclarent passer moins de temps sur les tâches administratives et davantage "
        "avec {group}.",
        "it": "{Pro} dichiarano di dedicare meno tempo alle pratiche amministrative e più tempo "
        "{group_a}.",
    },
    {
        "en": "An external evaluation carried out with {partner} found that {pct2}% of "
        "participants felt better informed about their rights.",
        "fr": "Une évaluation externe menée avec {partner} montre que {pct2} % des participants se "
        "sentent mieux informés de leurs droits.",
        "it": "Una valutazione esterna condotta con {partner} indica che il {pct2}% dei partecipanti "
        "si sente meglio informato sui propri diritti.",
    },
    {
        "en": "The number of emergency placements and crisis interventions decreased over the "
        "period.",
        "fr": "Le nombre de placements en urgence et d'interventions de crise a diminué sur la "
        "période.",
        "it": "Il numero di collocamenti d'urgenza e di interventi in situazioni di crisi è "
        "diminuito nel periodo.",
    },
    {
        "en": "The partnership has grown from {n_partners_start} to {n_partners} organisations, "
        "including schools, health centres and associations.",
        "fr": "Le partenariat est passé de {n_partners_start} à {n_partners} structures, dont des "
        "écoles, des centres de santé et des associations.",
        "it": "Il partenariato è cresciuto da {n_partners_start} a {n_partners} organizzazioni, tra "
        "cui scuole, centri sanitari e associazioni.",
    },
    {
        "en": "Several participants now volunteer and in turn welcome newcomers.",
        "fr": "Plusieurs participants sont aujourd'hui bénévoles et accueillent à leur tour les "
        "nouveaux arrivants.",
        "it": "Diversi partecipanti sono oggi volontari e accolgono a loro volta i nuovi arrivati.",
    },
    {
        "en": "In {decision_year}, the local council decided to fund the practice on a permanent "
        "basis.",
        "fr": "En {decision_year}, la collectivité a décidé de financer la pratique de façon "
        "pérenne.",
        "it": "Nel {decision_year} l'amministrazione locale ha deciso di finanziare la pratica in "
        "modo stabile.",
    },
    {
        "en": "According to the schools involved, children in the families concerned missed fewer "
        "school days, and the follow-up of each child is better shared.",
        "fr": "Selon les écoles partenaires, les enfants des familles concernées ont moins manqué "
        "l'école, et le suivi de chaque enfant est mieux partagé.",
        "it": "Secondo le scuole coinvolte, i bambini e i giovani delle famiglie interessate hanno "
        "perso meno giorni di scuola, e il percorso di ogni bambino è seguito meglio.",
    },
]

TRANSFERABILITY = [
    {
        "en": "The practice can be transferred to any territory where {partner} and the social "
        "services agree to share information and responsibilities.",
        "fr": "La pratique est transférable à tout territoire où {partner} et les services sociaux "
        "acceptent de partager informations et responsabilités.",
        "it": "La pratica è trasferibile in ogni territorio in cui {partner} e i servizi sociali "
        "accettano di condividere informazioni e responsabilità.",
    },
    {
        "en": "The main precondition is a shared commitment of the management: without it, the "
        "coordination meetings are the first thing to be dropped.",
        "fr": "La condition principale est un engagement partagé des directions : sans lui, les "
        "temps de coordination sont les premiers sacrifiés.",
        "it": "La condizione principale è un impegno condiviso delle direzioni: senza di esso, i "
        "momenti di coordinamento sono i primi a essere sacrificati.",
    },
    {
        "en": "In another country, the legal framework for sharing personal data must be checked "
        "first, as well as the consent procedure.",
        "fr": "Dans un autre pays, il faut d'abord vérifier le cadre juridique du partage de données "
        "personnelles ainsi que la procédure de consentement.",
        "it": "In un altro paese occorre verificare prima di tutto il quadro giuridico per la "
        "condivisione dei dati personali e la procedura di consenso.",
    },
    {
        "en": "The budget is modest: about {budget} EUR a year, mostly staff time, for a territory "
        "of {population} inhabitants.",
        "fr": "Le budget reste modeste : environ {budget} euros par an, principalement du temps de "
        "travail, pour un territoire de {population} habitants.",
        "it": "Il budget è contenuto: circa {budget} euro all'anno, soprattutto tempo di lavoro, "
        "per un territorio di {population} abitanti.",
    },
    {
        "en": "{Pro} from other regions who came for job shadowing found the method easy to adapt "
        "to {group}.",
        "fr": "{Pro} d'autres régions venus en immersion ont jugé la méthode facile à adapter "
        "{group_a}.",
        "it": "{Pro} di altre regioni venuti in affiancamento hanno trovato il metodo facile da "
        "adattare {group_a}.",
    },
    {
        "en": "Rural areas need more travel time and a mobile team; large cities need more "
        "coordination between neighbourhoods.",
        "fr": "Les territoires ruraux demandent davantage de temps de déplacement et une équipe "
        "mobile ; les grandes villes, davantage de coordination entre quartiers.",
        "it": "Le aree rurali richiedono più tempo per gli spostamenti e un'équipe mobile; le grandi "
        "città, più coordinamento tra i quartieri.",
    },
    {
        "en": "A practical guide, the training modules and the template of the partnership "
        "agreement are available from the coordinating organisation.",
        "fr": "Un guide pratique, les modules de formation et le modèle de convention sont "
        "disponibles auprès de la structure coordinatrice.",
        "it": "Una guida pratica, i moduli formativi e il modello di accordo sono disponibili "
        "presso l'organizzazione capofila.",
    },
    {
        "en": "Involving young people and older people as volunteers makes the practice stronger "
        "in every context.",
        "fr": "L'implication de jeunes et de personnes âgées bénévoles renforce la pratique dans "
        "tous les contextes.",
        "it": "Il coinvolgimento di giovani e persone anziane come volontari rafforza la pratica in "
        "ogni contesto.",
    },
]

RESOURCES = [
    {
        "en": "A coordinator at half time, {n_staff} trained professionals and a meeting room "
        "lent by {partner}.",
        "fr": "Un coordinateur à mi-temps, {n_staff} professionnels formés et une salle prêtée par "
        "{partner}.",
        "it": "Un coordinatore a metà tempo, {n_staff} professionisti formati e una sala messa a "
        "disposizione da {partner}.",
    },
    {
        "en": "About {budget} EUR a year, mostly staff time, plus travel costs for home visits.",
        "fr": "Environ {budget} euros par an, surtout du temps de travail, plus les frais de "
        "déplacement pour les visites à domicile.",
        "it": "Circa {budget} euro all'anno, soprattutto tempo di lavoro, più le spese di viaggio "
        "per le visite domiciliari.",
    },
]

DIFFICULTIES = [
    {
        "en": "Staff turnover slowed the first year down: the training has to be repeated for "
        "every newcomer.",
        "fr": "Le renouvellement des équipes a ralenti la première année : la formation doit être "
        "reprise pour chaque nouvel arrivant.",
        "it": "Il ricambio del personale ha rallentato il primo anno: la formazione va ripetuta "
        "per ogni nuovo arrivato.",
    },
    {
        "en": "Sharing information between institutions took longer than planned, until the "
        "partnership agreement settled it.",
        "fr": "Le partage d'informations entre institutions a pris plus de temps que prévu, "
        "jusqu'à ce que la convention le règle.",
        "it": "La condivisione delle informazioni tra istituzioni ha richiesto più tempo del "
        "previsto, finché l'accordo di partenariato non l'ha regolata.",
    },
]

# Indicators: label and unit per language; values drawn in [low, high].
INDICATORS = [
    (
        {"en": "People supported", "fr": "Personnes accompagnées", "it": "Persone accompagnate"},
        {"en": "per year", "fr": "par an", "it": "all'anno"},
        (40, 2400),
    ),
    (
        {
            "en": "Professionals trained",
            "fr": "Professionnels formés",
            "it": "Professionisti formati",
        },
        {"en": "people", "fr": "personnes", "it": "persone"},
        (5, 300),
    ),
    (
        {
            "en": "Partner organisations",
            "fr": "Structures partenaires",
            "it": "Organizzazioni partner",
        },
        {"en": "", "fr": "", "it": ""},
        (2, 25),
    ),
    (
        {
            "en": "Reduction in waiting time",
            "fr": "Réduction du délai d'attente",
            "it": "Riduzione dei tempi di attesa",
        },
        {"en": "%", "fr": "%", "it": "%"},
        (10, 60),
    ),
    (
        {
            "en": "Participants satisfied",
            "fr": "Participants satisfaits",
            "it": "Partecipanti soddisfatti",
        },
        {"en": "%", "fr": "%", "it": "%"},
        (70, 98),
    ),
    (
        {
            "en": "Home visits carried out",
            "fr": "Visites à domicile réalisées",
            "it": "Visite domiciliari effettuate",
        },
        {"en": "per month", "fr": "par mois", "it": "al mese"},
        (20, 400),
    ),
    (
        {"en": "Workshops held", "fr": "Ateliers organisés", "it": "Laboratori realizzati"},
        {"en": "sessions", "fr": "séances", "it": "incontri"},
        (6, 120),
    ),
    (
        {"en": "Annual budget", "fr": "Budget annuel", "it": "Budget annuale"},
        {"en": "EUR", "fr": "euros", "it": "euro"},
        (15_000, 480_000),
    ),
    (
        {
            "en": "Return to employment or training",
            "fr": "Retour à l'emploi ou en formation",
            "it": "Ritorno al lavoro o in formazione",
        },
        {"en": "%", "fr": "%", "it": "%"},
        (20, 75),
    ),
]

CITIES = {
    "AT": ["Graz", "Linz", "Salzburg"],
    "BE": ["Liège", "Gent", "Namur", "Charleroi"],
    "BG": ["Plovdiv", "Varna", "Burgas"],
    "CY": ["Limassol", "Larnaca"],
    "CZ": ["Brno", "Ostrava", "Plzeň"],
    "DE": ["Leipzig", "Bremen", "Köln", "Kassel"],
    "DK": ["Aarhus", "Odense", "Aalborg"],
    "EE": ["Tartu", "Pärnu"],
    "ES": ["Valencia", "Bilbao", "Sevilla", "Zaragoza"],
    "FI": ["Tampere", "Oulu", "Turku"],
    "FR": ["Saint-Nazaire", "Nantes", "Lyon", "Lille", "Grenoble", "Rennes"],
    "GR": ["Thessaloniki", "Patras"],
    "HR": ["Split", "Rijeka"],
    "HU": ["Debrecen", "Szeged"],
    "IE": ["Cork", "Galway", "Limerick"],
    "IT": ["Torino", "Bologna", "Napoli", "Padova", "Bari"],
    "LT": ["Vilnius", "Kaunas", "Klaipėda"],
    "LU": ["Esch-sur-Alzette"],
    "LV": ["Riga", "Daugavpils"],
    "MT": ["Valletta"],
    "NL": ["Utrecht", "Rotterdam", "Groningen"],
    "NO": ["Bergen", "Trondheim"],
    "PL": ["Kraków", "Gdańsk", "Łódź"],
    "PT": ["Porto", "Braga", "Coimbra"],
    "RE": ["Saint-Denis", "Saint-Pierre", "Le Port"],
    "RO": ["Cluj-Napoca", "Iași"],
    "SE": ["Göteborg", "Malmö", "Umeå"],
    "SI": ["Maribor", "Celje"],
    "SK": ["Košice", "Žilina"],
    "TR": ["İzmir", "Bursa"],
    "GB": ["Leeds", "Glasgow", "Bristol"],
    "CH": ["Lausanne", "Basel"],
}
FALLBACK_CITIES = ["Riverside", "Lakeview", "Hillcrest"]
