"""Swedish text analysis for Elasticsearch/OpenSearch indexes.

Measured on OpenSearch 2.19 (see README): neither the Snowball `swedish` stemmer nor `light_swedish`
alone makes inflected forms meet (Snowball leaves "förskolan", "närvaron"; light_swedish turns
"matematiklektion" into "matematiklektio"). The `sv_stems` multiplexer therefore emits the original
word and each stemmer's output at the same position, so a query matches when any of them meet:
förskolan/förskolor/förskola, närvaron/närvaro, matematiklektionen/matematiklektion, läraren/lärarna.
A dictionary decompounder adds, when indexing, the parts of known compounds ("språkutveckling"
→ "språk", "utveckling"). Å, ä and ö stay letters of their own; other accents fold (idé → ide).
"""

# Parts of compounds common in Swedish school writing. Longest match wins; parts under 4 letters
# are not split out (too many false hits).
COMPOUND_PARTS = sorted(
    {
        "skola",
        "förskola",
        "gymnasium",
        "klass",
        "klassrum",
        "lektion",
        "lärare",
        "pedagog",
        "elev",
        "elever",
        "barn",
        "rektor",
        "mentor",
        "matematik",
        "svenska",
        "engelska",
        "språk",
        "modersmål",
        "läsning",
        "läs",
        "skriv",
        "skrivande",
        "utveckling",
        "utvecklande",
        "bedömning",
        "betyg",
        "närvaro",
        "frånvaro",
        "hälsa",
        "trygghet",
        "studiero",
        "stöd",
        "anpassning",
        "anpassningar",
        "samtal",
        "planering",
        "undervisning",
        "lärande",
        "kunskap",
        "natur",
        "teknik",
        "digital",
        "program",
        "programmering",
        "film",
        "bild",
        "musik",
        "idrott",
        "rörelse",
        "lek",
        "rast",
        "fritids",
        "fritidshem",
        "grupp",
        "arbete",
        "projekt",
        "tema",
        "övning",
        "uppgift",
        "material",
        "bok",
        "böcker",
        "bibliotek",
        "text",
        "ord",
        "berättelse",
        "saga",
        "högläsning",
        "källkritik",
        "hållbar",
        "miljö",
        "odling",
        "trädgård",
        "skog",
        "hav",
        "kemi",
        "fysik",
        "biologi",
        "historia",
        "samhälle",
        "geografi",
        "religion",
        "slöjd",
        "matlagning",
        "hemkunskap",
        "vårdnadshavare",
        "föräldrar",
        "samverkan",
        "kollegial",
        "nätverk",
        "forskning",
        "metod",
        "modell",
        "strategi",
        "resurs",
        "flersprakig",
        "nyanlända",
        "mottagande",
        "kartläggning",
        "övergång",
        "likvärdighet",
        "förmåga",
    }
)

SWEDISH_ANALYSIS = {
    "char_filter": {
        "sv_accents": {
            "type": "mapping",
            "mappings": [
                "é=>e",
                "è=>e",
                "ê=>e",
                "ë=>e",
                "á=>a",
                "à=>a",
                "â=>a",
                "ü=>y",
                "ç=>c",
                "ñ=>n",
            ],
        },
    },
    "filter": {
        "sv_stop": {"type": "stop", "stopwords": "_swedish_"},
        "sv_light_stem": {"type": "stemmer", "language": "light_swedish"},
        "sv_snowball_stem": {"type": "stemmer", "language": "swedish"},
        "sv_decompound": {
            "type": "dictionary_decompounder",
            "word_list": COMPOUND_PARTS,
            "only_longest_match": True,
            "min_subword_size": 4,
        },
        "sv_stems": {
            "type": "multiplexer",
            "filters": [
                "sv_light_stem",
                "sv_snowball_stem",
                "sv_light_stem,sv_snowball_stem",
                "sv_snowball_stem,sv_light_stem",
            ],
            "preserve_original": True,
        },
        "sv_unique": {"type": "unique", "only_on_same_position": True},
    },
    "analyzer": {
        # Every text field without an analyzer of its own. Compounds are split when indexing only:
        # "språk" then finds "språkutveckling", while a query for "förskolan" is not split into
        # "skola" (which would find every "grundskola").
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["sv_accents"],
            "filter": ["lowercase", "sv_stop", "sv_decompound", "sv_stems", "sv_unique"],
        },
        "default_search": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["sv_accents"],
            "filter": ["lowercase", "sv_stop", "sv_stems", "sv_unique"],
        },
        # Autocomplete: the same folding when indexing prefixes and when searching them. Wagtail's
        # default folds å/ä/ö to a/o when indexing but not when searching, so "förs" missed "förskola".
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["sv_accents"],
            "filter": ["lowercase", "edgengram"],
        },
        "ngram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["sv_accents"],
            "filter": ["lowercase", "ngram"],
        },
        "sv_autocomplete_search": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["sv_accents"],
            "filter": ["lowercase"],
        },
    },
}

INDEX_SETTINGS = {"settings": {"analysis": SWEDISH_ANALYSIS}}
AUTOCOMPLETE_MAPPING = {
    "analyzer": "edgengram_analyzer",
    "search_analyzer": "sv_autocomplete_search",
}
