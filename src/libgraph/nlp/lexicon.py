"""Closed word lists of the genre's language (not names of particular things).

Head nouns say what kind of thing a proper name denotes ("... Library",
"... Ministry", "... Festival"); titles are the posts people hold;
event nouns introduce titles of events in quotes.
"""

from __future__ import annotations

LIBRARY_HEADS = frozenset({"library", "libraries", "bibliotheca", "bibliothek", "biblioteca", "bibliothèque",
                           "bibliotheque", "biblioteka", "bibliotek", "biblioteket", "bibliotheek", "bibliotecă",
                           "könyvtár", "knihovna", "knjižnica", "kitabxanası", "kutubxonasi", "kitaphanasy"})
# head nouns that open a name in languages that put the head first ("Biblioteca Nacional de España")
HEAD_FIRST_NOUNS = frozenset({
    "biblioteca", "bibliothèque", "bibliotheque", "biblioteka", "bibliotecă", "instituto", "institut", "istituto",
    "universidad", "université", "universidade", "università", "universitat", "universitatea", "museo", "musée",
    "museu", "archivo", "archives", "archivio", "arquivo", "fundación", "fundação", "fondazione", "fondation",
    "centro", "centre", "casa", "maison", "academia", "académie", "accademia", "escuela", "école", "escola",
    "ministerio", "ministère", "ministero", "consejo", "conseil", "sociedad", "société", "asociación",
    "associação", "associazione", "colegio", "colegiul", "hemeroteca", "mediateca", "médiathèque",
})
HEAD_FIRST_CONNECTORS = frozenset({
    "de", "del", "della", "delle", "dei", "degli", "la", "las", "los", "le", "les", "des", "du", "di", "da", "do",
    "dos", "das", "y", "e", "et", "i", "d'", "l'", "d’", "l’", "al", "a",
})
# heads that make a library when the name also says "Library" ("Centralized Library System")
LIBRARY_SYSTEM_HEADS = frozenset({"system", "systems", "network", "networks", "consortium", "service", "services"})
ORGANIZATION_HEADS = frozenset({
    "academy", "administration", "agency", "archive", "archives", "assembly", "association", "authority",
    "bank", "board", "branch", "bureau", "cabinet", "center", "centre", "chamber", "college", "commission",
    "committee", "company", "conference", "consortium", "consulate", "corporation", "council", "court",
    "department", "directorate", "division", "embassy", "federation", "foundation", "fund", "gallery",
    "government", "group", "hall", "house", "inc", "institute", "institution", "league", "ltd", "ministry",
    "museum", "network", "office", "organisation", "organization", "palace", "parliament", "partnership",
    "press", "publishers", "school", "secretariat", "section", "service", "society", "system", "theatre",
    "theater", "trust", "union", "university", "services", "libraries", "news", "mission", "lab",
    "laboratory", "corner", "faculty", "senate", "municipality", "instituto", "institut", "museo", "musée",
    "fundación", "universidad", "université", "universidade", "università",
    "alliance", "polytechnic", "conservatory", "conservatoire", "lyceum", "gymnasium", "seminary", "observatory",
    "hospital", "club", "orchestra", "choir", "ensemble", "publisher", "publishing", "radio",
    "television", "studios", "holding", "llc", "plc", "gmbh", "jsc",
})
EVENT_HEADS = frozenset({
    "congress", "festival", "exhibition", "fair", "programme", "program", "project", "campaign",
    "initiative", "activity", "day", "week", "forum", "olympiad", "contest", "competition", "marathon",
    "readings", "summit", "biennale", "expo", "tour", "study", "survey",
    "days", "weeks", "festivals", "exhibitions", "fairs", "programmes", "programs", "projects", "campaigns",
    "forums", "contests", "competitions", "olympiads", "marathons", "quiz",
    "year", "decade", "night", "nights", "hackathon", "tournament", "challenge", "workshop", "seminar",
    "symposium", "colloquium", "webinar", "exposition", "evening", "evenings", "seminars", "workshops", "salon",
})
EVENT_NOUNS = EVENT_HEADS | frozenset({
    "series", "exposition", "event", "action", "quiz", "concert", "show", "ceremony", "conference",
    "programmes", "programs", "projects", "campaigns", "exhibitions", "festivals", "events", "initiatives",
    "contests", "competitions", "seminar", "workshop", "webinar", "lecture", "presentation", "evening",
    "roundtable", "round-table", "symposium", "colloquium", "screening", "masterclass", "exhibit",
    "quest", "flashmob", "flash-mob", "mob", "bookcrossing", "crossing", "fest", "excursion",
})
# works: a title beside one of these names a book or a film, not an event ('the presentation of the book "X"')
WORK_NOUNS = frozenset({"book", "books", "novel", "novels", "film", "films", "poem", "poems", "monograph", "album",
                        "magazine", "journal", "newspaper", "anthology", "catalogue", "catalog", "song", "songs",
                        "play", "opera", "story", "stories", "collection", "series", "edition", "volume", "article",
                        "documentary", "dictionary", "encyclopedia", "encyclopaedia", "textbook", "publication",
                        "work", "works", "essay", "essays", "memoir", "memoirs", "biography", "guide", "map"})
# institutions named after the state that sends them ("Embassy of Armenia in Greece")
DIPLOMATIC_HEADS = frozenset({"embassy", "consulate", "mission", "delegation", "representation", "legation"})
# heads of names that include the place they are in: "Goethe Institute in Tarvo", "Office of X in Y"
BRANCH_HEADS = DIPLOMATIC_HEADS | frozenset({"institute", "centre", "center", "office", "bureau", "branch",
                                             "house", "chamber", "agency", "council", "representation", "commission",
                                             "committee"})
# organisational units: "X of Y" with such an X is a part of Y
UNIT_HEADS = frozenset({
    "branch", "department", "division", "section", "office", "hall", "center", "centre", "library",
    "unit", "institute", "museum", "school", "faculty", "laboratory", "lab", "room", "sector", "service",
    "committee", "commission", "council", "board", "bureau", "secretariat", "chamber",
})
# the words of a legal form, with or without which an organisation is named ('the foundation "Open Shelf"',
# "the Open Shelf Charitable Foundation")
LEGAL_FORM_WORDS = frozenset({
    "charitable", "charity", "non-profit", "nonprofit", "public", "private", "foundation", "fund", "association",
    "society", "trust", "company", "corporation", "organization", "organisation", "ngo", "llc", "ltd", "inc",
    "plc", "gmbh", "jsc", "cooperative", "non-governmental", "international", "union",
})
# rooms, halls and corners are units of a library when named for a people or a person ("the Polish Reading
# Room"); the words that say what a room is used for do not name it ("Conference Room", "Reading Room")
NAMED_ROOM_HEADS = frozenset({"room", "rooms"})
ROOM_USES = frozenset({"reading", "conference", "meeting", "press", "exhibition", "lecture", "study", "seminar",
                       "computer", "media", "music", "main", "general", "children's", "board", "rare", "book", "books",
                       "periodicals", "newspaper", "multimedia", "training", "small", "large", "big", "new", "old"})
# a school or camp named by its season is held, not founded: "the Tarvo Summer School for young librarians"
SEASON_WORDS = frozenset({"summer", "winter", "spring", "autumn", "holiday"})
SEASONAL_EVENT_HEADS = frozenset({"school", "schools", "camp", "camps", "academy"})
# associations: being "part of" one is membership
ASSOCIATION_HEADS = frozenset({
    "association", "federation", "union", "assembly", "partnership", "consortium", "league", "network",
    "conference", "council", "committee", "alliance", "society", "organization", "organisation",
})
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madam", "dame", "academician",
    "pak", "bapak", "ibu", "herr", "frau", "monsieur", "madame", "mme", "señor", "señora", "shri", "smt",
    "director", "deputy", "general", "director-general", "minister", "ambassador", "president", "vice",
    "vice-president", "chairman", "chairwoman", "chairperson", "chair", "head", "chief", "rector", "dean",
    "librarian", "secretary", "specialist", "manager", "curator", "consul", "governor", "mayor", "adviser",
    "advisor", "counsellor", "counselor", "attaché", "attache", "leader", "chancellor", "founder", "editor",
    "coordinator", "officer", "representative", "envoy", "executive", "first", "senior", "leading",
    "acting", "honorary", "national", "extraordinary", "plenipotentiary", "researcher", "scientist",
    "employee", "staff", "member", "members", "writer", "poet", "playwright", "author", "historian",
    "journalist", "correspondent", "emeritus", "assistant", "associate", "principal", "spokesperson",
    "ceo", "cfo", "coo", "cto", "interim", "archivist", "bibliographer",
})
# the words of a post that name the post itself (used for worksFor roles)
ROLE_NOUNS = frozenset({
    "director", "deputy", "director-general", "minister", "ambassador", "president", "vice-president",
    "chairman", "chairwoman", "chairperson", "chair", "head", "chief", "rector", "dean", "librarian",
    "secretary", "specialist", "manager", "curator", "consul", "governor", "mayor", "adviser", "advisor",
    "counsellor", "counselor", "attaché", "attache", "chancellor", "founder", "editor", "coordinator",
    "officer", "representative", "envoy", "executive", "researcher", "scientist", "employee", "professor",
    "spokesperson", "assistant", "ceo", "cfo", "coo", "cto", "librarians", "consul-general", "member",
    "archivist", "bibliographer",
})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madam", "dame", "academician",
                        "pak", "bapak", "ibu", "herr", "frau", "monsieur", "madame", "mme", "señor", "señora",
                        "signor", "signora", "shri", "smt"})
# capitalised words that start sentences but never names
NON_NAME_STARTERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "in", "on",
    "at", "since", "after", "before", "during", "with", "for", "from", "by", "to", "of", "and", "but",
    "or", "as", "it", "he", "she", "they", "we", "there", "here", "also", "moreover", "furthermore",
    "however", "today", "yesterday", "when", "while", "then", "thus", "both", "all", "each", "every",
    "over", "under", "about", "nearly", "approximately", "some", "many", "several", "read", "more",
    "what", "which", "who", "why", "how", "accompanied", "founded", "built", "established",
})
# people named by what they do, opening a sentence before the institution they belong to ("Librarians of
# School No. 5 took part"): not words of the institution's name
PEOPLE_PLURALS = frozenset({
    "librarians", "teachers", "students", "specialists", "representatives", "employees", "members", "readers",
    "scholars", "researchers", "experts", "pupils", "workers", "officials", "delegates", "participants", "guests",
    "colleagues", "staff", "volunteers", "children", "graduates", "professors", "lecturers", "leaders", "heads",
    "directors", "archivists", "curators", "scientists", "writers", "journalists", "diplomats",
})
MONTH_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# all-capital words that are not names of organisations
NON_ORG_ACRONYMS = frozenset({
    "mou", "moa", "ceo", "cfo", "coo", "cto", "cio", "pr", "it", "ict", "pdf", "tv", "faq", "vip", "ngo", "ngos",
    "gdp", "usd", "eur", "am", "pm", "ad", "bc", "phd", "mp", "id", "ok", "qr", "covid", "isbn", "issn",
})
# nouns for kinds of places: "the provinces of A, B and C", "the Caucasus region", "Hill Ward"
PLACE_CATEGORY_PLURALS = frozenset({"provinces", "regions", "cities", "towns", "districts", "counties", "states",
                                    "municipalities", "villages", "oblasts", "prefectures", "capitals"})
PLACE_SUFFIXES = frozenset({"region", "province", "district", "county", "sub-county", "ward", "oblast",
                            "prefecture", "governorate", "canton", "emirate"})
QUOTE_CHARS = frozenset({'"', "“", "”", "«", "»", "„"})

# ---- word classes of relation rules (patterns refer to them as "@NAME") ----
AGREEMENT_NOUNS = frozenset({"agreement", "memorandum", "mou", "contract", "treaty", "accord", "protocol",
                             "memoranda", "memorandums", "agreements", "contracts", "treaties", "document",
                             "documents", "declaration", "mous", "charter"})
SIGN_VERBS = frozenset({"sign", "ink", "conclude", "renew", "extend", "prolong", "seal", "initial", "countersign",
                        "have", "finalise", "finalize"})
DONATE_VERBS = frozenset({"donate", "present", "hand", "give", "gift", "transfer", "bequeath", "contribute", "pass"})
GIFT_NOUNS = frozenset({"book", "books", "volume", "volumes", "copy", "copies", "publication", "publications",
                        "material", "materials", "collection", "edition", "editions", "item", "items", "gift",
                        "manuscript", "manuscripts", "literature", "set", "works"})
GROUP_NOUNS = frozenset({"side", "delegation", "representatives", "representative", "team", "staff", "guests",
                         "specialists", "librarians", "colleagues", "members", "employees", "group",
                         "participants", "experts", "officials", "envoys", "visitors", "delegates",
                         "students", "teachers", "researchers", "scholars", "pupils", "lecturers", "professors",
                         "academics", "journalists", "writers", "diplomats", "workers", "volunteers", "archivists",
                         "curators", "scientists"})
# words that make a post with a role noun ("Board Member", "Executive Director")
ROLE_MODIFIERS = frozenset({"board", "executive", "editorial", "supervisory", "advisory", "management", "general",
                            "academic", "scientific", "managing", "programme", "program", "project", "press"})
# verbs whose clause names a post: "who heads the library"
# a post named by the verb of a clause ("who heads the library")
POST_OF_VERB = {"head": "Head", "direct": "Director", "chair": "Chair", "lead": "Head", "manage": "Manager",
                "run": "Head", "preside": "President", "govern": "Governor", "coordinate": "Coordinator",
                "represent": "Representative", "curate": "Curator", "edit": "Editor"}
POST_VERBS = frozenset(POST_OF_VERB)
# the words of a post written before a name ("Chief Curator", "Deputy Director-General")
POST_WORDS = (ROLE_NOUNS | TITLE_WORDS | ROLE_MODIFIERS) - HONORIFICS - {
    "national", "first", "member", "members", "staff", "writer", "poet", "playwright", "author", "historian",
    "journalist", "correspondent"} | {"-", "–"}  # "Director-General" is three tokens
# verbs of going somewhere: "the delegation went to the museum"
MOVE_VERBS = frozenset({"go", "travel", "come", "arrive", "fly", "journey", "head"})
# verbs of meeting someone
MEET_VERBS = frozenset({"meet", "receive", "welcome", "greet", "host"})
# of those, the host's: "A hosted / received a delegation of B" (B visited A); "A met representatives of B" did not
HOST_VERBS = MEET_VERBS - {"meet"}
# units an institution sets up inside itself: "the Polish Reading Room", "the Korea Corner"
UNIT_NOUNS = UNIT_HEADS | frozenset({"corner", "shelf", "space", "room", "centre", "center", "laboratory",
                                     "lab", "studio", "collection", "archive", "wing", "chair", "point"})
# verbs of setting up such a unit
OPEN_VERBS = frozenset({"open", "inaugurate", "establish", "create", "set", "launch", "found"})
# nouns of a gift
DONATION_NOUNS = frozenset({"donation", "gift", "donations", "gifts", "present", "bequest"})
# things given that are not books: "provided 16 computers to the library"
EQUIPMENT_NOUNS = GIFT_NOUNS | frozenset({"computer", "computers", "equipment", "printer", "printers", "scanner",
                                          "scanners", "furniture", "device", "devices", "laptop", "laptops",
                                          "book", "books"})
# verbs of supplying things
SUPPLY_VERBS = frozenset({"provide", "supply", "send", "deliver", "bring", "give", "present", "hand", "donate",
                          "gift", "transfer", "contribute"})
# an organisation's bodies a post is held on: "who chairs the board of X"
BOARD_NOUNS = frozenset({"board", "council", "committee", "department", "office"})
# post words that also name a body when a head noun follows: "Executive Bureau", "Advisory Council"
BODY_MODIFIERS = frozenset({"executive", "general", "advisory", "supervisory", "standing", "permanent", "editorial",
                            "scientific", "academic", "organizing", "organising", "steering", "managing"})
# heads of meetings that are events when numbered ("the 76th General Conference")
MEETING_HEADS = frozenset({"conference", "congress", "session", "assembly", "meeting", "forum", "summit",
                           "symposium", "colloquium", "convention", "fair", "festival", "biennale"})
ORDINAL_WORDS = frozenset({
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "thirtieth",
    "fortieth", "fiftieth", "hundredth",
})

# ---- word classes of the handler rules ----
VISIT_NOUNS = frozenset({"visit", "tour", "trip"})
MEET_NOUNS = frozenset({"talk", "talks", "meeting", "negotiation", "negotiations", "conversation", "discussion"})
ORGANIZE_VERBS = frozenset({"organize", "organise", "launch", "host", "implement", "stage", "hold", "run",
                            "conduct", "arrange", "initiate", "present", "open", "co-organize", "coordinate",
                            "sponsor", "co-sponsor", "inaugurate", "set", "announce", "proclaim", "co-organise",
                            "prepare", "curate", "start"})
FOUND_VERBS = frozenset({"found", "establish", "build", "open", "create", "inaugurate", "set"})
# an institution's history reaching back to its founding: "dates back to", "its history began in"
HISTORY_VERBS = frozenset({"date", "go", "trace", "begin", "start"})
HISTORY_NOUNS = frozenset({"history", "origin", "origins", "roots", "beginning", "beginnings"})
# working ever since its founding: "has been operating since 1912"
SINCE_VERBS = frozenset({"operate", "work", "exist", "function"})
TRANSFER_VERBS = frozenset({"supply", "provide", "send", "receive", "hand", "sell", "buy", "acquire", "digitize",
                            "digitise", "publish", "print", "lend", "borrow", "exchange", "deliver", "bring"})
COLLECTION_NOUNS = frozenset({"book", "books", "volume", "volumes", "item", "items", "document", "documents",
                              "resources", "holdings", "records", "objects",
                              "title", "titles", "copy", "copies", "manuscript", "manuscripts", "publication",
                              "publications", "unit", "units", "exemplar", "exemplars", "material", "materials"})
MODAL_HEADS = frozenset({"hope", "plan", "intend", "want", "wish", "expect", "propose", "consider", "aim",
                         "seek", "discuss", "invite", "prepare", "agree", "offer", "promise", "try",
                         "would", "could", "might", "may", "will", "should", "shall", "can", "must"})
WISH_HEADS = frozenset({"hope", "plan", "intend", "want", "wish", "expect", "propose", "consider", "aim", "seek"})
HYPOTHETICAL_MODS = frozenset({"possible", "potential", "future", "prospective", "planned", "proposed", "draft"})
# verbs that say an event did not take place: "the visit was cancelled"
CANCEL_VERBS = frozenset({"cancel", "postpone", "delay", "suspend", "reschedule", "scrap", "abandon"})
PERSON_NOUNS = frozenset({"ambassador", "diplomat", "director", "minister", "envoy", "guest", "head", "chairman",
                          "president", "rector", "professor", "librarian", "curator", "leader"})
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "a": 1}
SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "mln": 1_000_000}
# the names of legislatures, whose library is named by them ("the National Assembly Library")
LEGISLATURE_WORDS = frozenset({"assembly", "parliament", "parliamentary", "congress", "senate", "duma", "majlis",
                               "diet", "seimas", "saeima", "riigikogu", "sejm", "knesset", "storting", "riksdag"})
GENERIC_NAME_WORDS = frozenset({"national", "state", "central", "public", "academic", "republican", "scientific",
                                "regional", "city", "municipal", "university", "presidential", "the", "main"})

PART_NOUNS = frozenset({"branch", "department", "division", "subsidiary", "part", "unit", "section", "affiliate",
                        "sub-library", "sublibrary", "library", "libraries", "branches", "departments", "units",
                        "divisions", "faculty", "school", "institute", "office", "offices", "centre", "center"})

INSTITUTION_NOUNS = frozenset({"university", "library", "institution", "organization", "organisation", "centre",
                               "center", "museum", "archive", "institute", "school", "college", "body", "agency",
                               "association", "federation", "foundation", "society", "academy"})


# words that may stand between the members of a list of names
LIST_INTRODUCERS = frozenset({"and", "or", "the", "as", "well", "also", "with", "&", "among", "them", "including",
                              "such", "like", "namely", "notably", "particularly", "especially", "both"})
# what a unit is called in "X is a branch of Y" ("part of" an association is membership: not here)
UNIT_KINDS = PART_NOUNS - {"part"}
# things received, not people: "received a donation from X" is no meeting
RECEIVED_THINGS = DONATION_NOUNS | EQUIPMENT_NOUNS | frozenset({
    "award", "prize", "letter", "grant", "support", "funding", "initiative", "proposal", "invitation",
    "message", "request", "certificate", "diploma", "medal", "order", "copy", "news", "visit", "call"})
# what a library receives as a gift
RECEIVED_GIFTS = DONATION_NOUNS | EQUIPMENT_NOUNS
# envoys, who work for their country's mission
ENVOY_NOUNS = frozenset({"ambassador", "consul", "consul-general", "envoy", "attaché", "attache", "chargé"})
# words after which the people named witness a signing rather than sign
SIGNING_WITNESS_WORDS = frozenset({"presence", "witness", "witnessed", "attended", "attendance", "participation",
                                   "while", "after", "before", "during", "when", "where", ";"})
