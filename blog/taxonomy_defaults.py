"""The classification terms a fresh site starts with; editors manage them afterwards as snippets."""

SCHOOL_FORMS = [
    ("forskola", "Förskola"),
    ("forskoleklass", "Förskoleklass"),
    ("grundskola-f-3", "Grundskola F–3"),
    ("grundskola-4-6", "Grundskola 4–6"),
    ("grundskola-7-9", "Grundskola 7–9"),
    ("fritidshem", "Fritidshem"),
    ("anpassad-grundskola", "Anpassad grundskola"),
    ("gymnasieskola", "Gymnasieskola"),
    ("anpassad-gymnasieskola", "Anpassad gymnasieskola"),
    ("vuxenutbildning", "Vuxenutbildning"),
]

SUBJECTS = [
    ("svenska", "Svenska"),
    ("svenska-som-andrasprak", "Svenska som andraspråk"),
    ("matematik", "Matematik"),
    ("engelska", "Engelska"),
    ("moderna-sprak", "Moderna språk"),
    ("modersmal", "Modersmål"),
    ("biologi", "Biologi"),
    ("fysik", "Fysik"),
    ("kemi", "Kemi"),
    ("teknik", "Teknik"),
    ("geografi", "Geografi"),
    ("historia", "Historia"),
    ("religionskunskap", "Religionskunskap"),
    ("samhallskunskap", "Samhällskunskap"),
    ("bild", "Bild"),
    ("musik", "Musik"),
    ("idrott-och-halsa", "Idrott och hälsa"),
    ("slojd", "Slöjd"),
    ("hem-och-konsumentkunskap", "Hem- och konsumentkunskap"),
    ("amnesovergripande", "Ämnesövergripande"),
]

THEMES = [
    ("digitalisering", "Digitalisering"),
    ("sprakutveckling", "Språkutveckling"),
    ("flersprakighet", "Flerspråkighet"),
    ("likvardighet", "Likvärdighet"),
    ("narvaro", "Närvaro"),
    ("extra-anpassningar-och-sarskilt-stod", "Extra anpassningar och särskilt stöd"),
    ("trygghet-och-studiero", "Trygghet och studiero"),
    ("kollegialt-larande", "Kollegialt lärande"),
    ("bedomning-och-betyg", "Bedömning och betyg"),
    ("nyanlanda-elever", "Nyanlända elever"),
    ("elevhalsa", "Elevhälsa"),
    ("innovation", "Innovation"),
    ("hallbar-utveckling", "Hållbar utveckling"),
    ("laslust", "Läslust"),
    ("utomhuspedagogik", "Utomhuspedagogik"),
]

ARTICLE_TYPES = [
    ("pedagogiskt-exempel", "Pedagogiskt exempel"),
    ("lektionside", "Lektionsidé"),
    ("reflektion", "Reflektion"),
    ("forskning-i-praktiken", "Forskning i praktiken"),
    ("podd", "Podd"),
    ("film", "Film"),
]

ALL = {
    "blog.SchoolForm": SCHOOL_FORMS,
    "blog.Subject": SUBJECTS,
    "blog.Theme": THEMES,
    "blog.ArticleType": ARTICLE_TYPES,
}


def create_defaults(get_model) -> None:
    """Create missing default terms; terms editors renamed or added are left as they are."""
    for model_label, terms in ALL.items():
        model = get_model(model_label)
        for position, (slug, name) in enumerate(terms, start=1):
            if (
                not model.objects.filter(slug=slug).exists()
                and not model.objects.filter(name=name).exists()
            ):
                model.objects.create(slug=slug, name=name, sort_order=position * 10)
