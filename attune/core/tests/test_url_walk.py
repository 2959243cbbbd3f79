"""Every URL pattern sends an anonymous visitor to sign in, except an explicit public list."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "accounts:sign_in",
    "accounts:sign_in_code",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",
    "core:privacy",
    "core:accessibility",
    "core:health",
    # Bitesize modules are free and open to anyone.
    "learning:catalogue",
    "learning:module",
    "learning:section",
    "learning:check",
    # Anyone can check a certificate's code.
    "learning:verify",
    # An organisation's "get in touch" form for consultation requests.
    "consultation:get_in_touch",
    # A survey is answered through a personal link, without signing in.
    "consultation:answer",
}
SAMPLE_VALUES = {
    "int": "1",
    "slug": "test-trust",
    "str": "sample",
    "path": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern), entry


def example_path(route: str, pattern: URLPattern) -> str:
    """Turn a route into a real path, filling each converter with a sample value."""
    if hasattr(pattern.pattern, "converters") and pattern.pattern.converters:
        import re

        def fill(match):
            converter = match.group(1) or "str"
            return SAMPLE_VALUES.get(converter, "1")

        return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    if "(?P<" in route:
        # Regular-expression routes (Django's admin app index and catch-all): a representative path.
        return "/" + route.split("^", 1)[0] + "accounts/"
    return "/" + route


ALL = [(name, route, pattern) for name, route, pattern in walk(get_resolver().url_patterns)]


@pytest.mark.django_db
@pytest.mark.parametrize("name,route,pattern", ALL, ids=[name or route for name, route, _ in ALL])
def test_anonymous_visitors_are_sent_to_sign_in(client, name, route, pattern):
    path = example_path(route, pattern)
    response = client.get(path)
    if name in PUBLIC:
        assert response.status_code in (200, 302, 404, 410), path
        if response.status_code == 302:
            assert not response.url.startswith(reverse("accounts:sign_in") + "?next="), path
        return
    assert response.status_code == 302, f"{path} answered {response.status_code} to an anonymous visitor"
    # Django's admin sends visitors to its own login view first, which forwards them to Attune's sign-in.
    final = client.get(path, follow=True)
    assert final.redirect_chain, path
    assert final.redirect_chain[-1][0].startswith(reverse("accounts:sign_in")), f"{path} led to {final.redirect_chain}"
    assert final.status_code == 200


def test_the_public_list_names_real_urls():
    names = {name for name, _, _ in ALL}
    assert PUBLIC <= names
