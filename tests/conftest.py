import pytest

from tests.factories import ArticlePageFactory, AuthorFactory, MunicipalityPageFactory, home_page


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def municipality(home):
    return MunicipalityPageFactory(parent=home, title="Landskrona", slug="landskrona")


@pytest.fixture
def article(municipality):
    author = AuthorFactory(name="Leyla Demir", role="Modersmålslärare", municipality=municipality)
    return ArticlePageFactory(
        parent=municipality,
        title="Modersmål som resurs",
        slug="modersmal-som-resurs",
        summary="Modersmålslärare och ämneslärare planerade tillsammans.",
        authors=[author],
    )
