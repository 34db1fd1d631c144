"""The small tables the finders read: nicknames, names that are also words, titles,
the roles behind placeholders, and the words of schools and streets. All folded (lower
case, no accents)."""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Each line is one name and the names it is known by: a held name finds the others
# (William is also Will, Bill, Billy, Liam; Will is also William).
_NICKNAMES = """
william will bill billy willy willie liam
robert rob bob bobby robbie bert
richard rich rick ricky richie dick
james jim jimmy jamie
john johnny jack jon
jonathan jon jonny johnny
michael mike mikey mick micky
thomas tom tommy
joseph joe joey
daniel dan danny
christopher chris kit
matthew matt matty
anthony tony ant
edward ed eddie ted teddy ned
alexander alex alec xander
alexandra alex lexie sandra
benjamin ben benny benji
samuel sam sammy
samantha sam sammy
charles charlie chas
charlotte charlie lottie
elizabeth liz lizzie beth betty eliza libby
margaret maggie meg peggy
katherine kate katie kath kathy kat kitty
catherine kate katie cath cathy kat
jennifer jen jenny
rebecca becky becca
victoria vicky vicki tori
jessica jess jessie
nicholas nick nicky
nicola nicky nikki
stephen steve stevie
steven steve stevie
patrick pat paddy
patricia pat patty trish
susan sue susie
deborah debbie deb
abigail abi abby
amelia amy millie
olivia liv livvy
isabella izzy bella issy
isabelle izzy bella issy
emily em emmy
henry harry hal
frederick fred freddie freddy
francesca fran frankie
francis frank frankie
theodore theo ted teddy
oliver ollie olly
joshua josh
zachary zach zac
nathaniel nate nat
nathan nate nat
jacob jake
david dave davey
peter pete
andrew andy drew
gregory greg
timothy tim timmy
kimberley kim
rosemary rose rosie
"""

NICKNAMES: dict[str, frozenset[str]] = {}
for _line in _NICKNAMES.split("\n"):
    _names = _line.split()
    for _name in _names:
        NICKNAMES[_name] = NICKNAMES.get(_name, frozenset()) | frozenset(_names) - {_name}

# Names that are also everyday words: held, they are masked only when written with a
# capital (Will, not "I will visit"); not held, only when NER says they are a person.
NAME_WORDS = _set(
    """
    will bill hope sky faith grace joy rose summer autumn dawn mark jack pat sue ray rob
    frank art rich chase drew max miles sunny hazel heather robin jay wren ivy lily holly
    daisy iris amber ruby pearl crystal april may june august honey honor harmony destiny
    star storm river rain brook sandy rusty don gene guy lance bob dick nick kit ted ned
    sam dan ben tom bell em al ed ant bert meg kat liv hal fred fran frank theo nat nate
    brown white green black young wood hill king cook baker long short little marsh moore
    rice park field stone hall lane page love bird fox hunt sharp mills walker price
    bishop carter mason hunter cash penny sunday winter north west grey gray gold silver
    banks wells bush ford cross lamb fish swift noble rich bond bright dale hart
    """
)

# Words that follow a name-word that opens a question, not a name: "Will you call?"
NOT_AFTER_A_NAME = _set("you we i he she they it be not there this that the a an")

# A title says the next word is someone's name ("Dr Patel", "Mrs O'Brien").
TITLES = (
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "doctor",
    "prof",
    "nurse",
    "pc",
    "dc",
    "ds",
    "sgt",
    "sergeant",
    "inspector",
    "councillor",
    "cllr",
    "rev",
    "father",
    "sister",
)

# The placeholder for a role's person. A role not here is a [PERSON].
ROLES: dict[str, str] = {}
for _group, _roles in {
    "CHILD": "child youngperson son daughter baby infant pupil student teenager boy girl "
    "grandchild stepchild stepson stepdaughter",
    "SIBLING": "sibling brother sister halfbrother halfsister stepbrother stepsister",
    "PARENT": "parent mother father mum mom dad stepmother stepfather stepparent "
    "adoptivemother adoptivefather birthmother birthfather",
    "CARER": "carer fostercarer guardian specialguardian kinshipcarer fosterparent "
    "fostermother fosterfather fostermum fosterdad",
    "RELATIVE": "grandmother grandfather grandparent nan nana gran granny grandad grandpa "
    "grandma aunt auntie uncle cousin relative",
    "PARTNER": "partner boyfriend girlfriend husband wife expartner exboyfriend exgirlfriend",
    "PROFESSIONAL": "teacher headteacher classteacher socialworker healthvisitor gp doctor "
    "nurse schoolnurse policeofficer officer midwife practitioner keyworker youthworker "
    "dsl senco paediatrician professional worker",
}.items():
    for _role in _roles.split():
        ROLES[_role] = _group

# What a school's name is made of besides the name itself ("Oakfield Primary School").
SCHOOL_WORDS = _set(
    """
    school academy college nursery primary secondary infant infants junior juniors high
    grammar community ce cofe c e of church england catholic rc methodist free upper lower
    middle sixth form first and the st saint
    """
)
SCHOOL_ENDS = ("school", "academy", "college", "nursery", "primary", "infants", "juniors")

# How streets are written short ("Elm Rd" for "Elm Road").
STREETS: dict[str, tuple[str, ...]] = {
    "road": ("rd",),
    "street": ("st",),
    "avenue": ("ave", "av"),
    "lane": ("ln",),
    "drive": ("dr",),
    "close": ("cl",),
    "crescent": ("cres", "cresc"),
    "court": ("ct",),
    "place": ("pl",),
    "gardens": ("gdns",),
    "terrace": ("terr", "ter"),
    "grove": ("gr",),
    "square": ("sq",),
    "way": (),
    "walk": (),
    "mews": (),
    "row": (),
    "rise": (),
    "view": (),
    "park": ("pk",),
    "green": (),
    "hill": (),
    "parade": ("pde",),
    "house": ("ho",),
    "flat": (),
    "apartment": ("apt",),
}

# Capitalised words that are not names: a name found by a cue ("mother Leanne", "Dr
# Patel") or by NER stops short of them. Services stay visible (the issue's list: what
# is not identifying is kept), as do months and days.
NOT_NAMES = _set(
    """
    children's children social care services service camhs gp a&e police nhs council
    school academy college nursery hospital surgery practice medical centre clinic team
    health visiting early help youth offending unit ward trust board partnership mash
    department safeguarding lead designated officer hub family families support
    the a an he she they it i we you his her their our my this that there then and but or
    on in at to of for from with by after before when while as if so today yesterday
    tomorrow monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december mum dad mother
    father brother sister nan gran grandma grandad aunt uncle baby child mummy daddy
    email mobile phone text letter
    """
)

# Shops and charities named for their founders: what they own is no person's.
OWNERS_NOT_NAMED = _set("barnardo sainsbury mcdonald tesco boots women men people")
