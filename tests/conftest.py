import pytest
from django.core.cache import cache

from blog.factories import ArticlePageFactory, AuthorFactory
from home.factories import home_page
from municipalities.factories import MunicipalityPageFactory
from tests import search_engine
from tests.identity_provider import IdentityProvider, require_identity_provider


@pytest.fixture(autouse=True)
def empty_shared_cache():
    """Each test starts with an empty shared cache, as a fresh site does: cached fragments and
    answers of an earlier test's (rolled back) pages must not show."""
    cache.clear()


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


@pytest.fixture(params=["database", "engine"])
def search_backend(request, settings, db):
    """Each search test runs once on PostgreSQL and once on OpenSearch."""
    if request.param == "database":
        yield search_engine.use_database(settings)
        return
    prefix = search_engine.unique_prefix()
    try:
        yield search_engine.use_engine(settings, prefix)
    finally:
        search_engine.delete_engine_indexes(prefix)


@pytest.fixture
def spare(request) -> search_engine.SpareEngine:
    """A second OpenSearch node for the session (tests/search_engine.py)."""
    return search_engine.spare_engine(request.config)


@pytest.fixture
def identity_provider() -> IdentityProvider:
    """The OpenID Connect provider of scripts/identity-provider; skips (fails with
    REQUIRE_IDENTITY_PROVIDER=1) when it does not answer."""
    return require_identity_provider()
