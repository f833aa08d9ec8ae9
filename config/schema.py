"""The OpenAPI description of ``/api`` (drf-spectacular), as AnQiCMS clients see it: every answer
is HTTP 200 with the envelope ``{code, msg, data}`` (and ``total`` on paged lists), ``data`` being
what the view describes, or null when ``code`` is not 0."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ENVELOPE_CODES = "0 OK; -1 error, the reason in msg; 1001 not logged in; 1002 not authorized"


def wrap_in_envelope(result, generator, request, public):
    """Postprocessing hook: each operation's 200 answer becomes the envelope around what it was."""
    components = result.get("components", {}).get("schemas", {})
    paged = {f"#/components/schemas/{name}" for name, schema in components.items() if schema.pop("x-paged", False)}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in operations.values():
            answer = operation.setdefault("responses", {}).setdefault("200", {"description": ""})
            content = answer.setdefault("content", {}).setdefault("application/json", {})
            data = content.get("schema", {})
            envelope = {
                "type": "object",
                "required": ["code", "msg", "data"],
                "properties": {
                    "code": {"type": "integer", "description": ENVELOPE_CODES},
                    "msg": {"type": "string"},
                    "data": {"allOf": [data], "nullable": True} if data else {"nullable": True},
                },
            }
            if data.get("$ref") in paged:
                envelope["properties"]["total"] = {"type": "integer", "description": "rows matching, all pages"}
            content["schema"] = envelope
    return result


class TokenScheme(OpenApiAuthenticationExtension):
    """``shop.authentication.TokenAuthentication``: the ``token`` header (or cookie)."""

    target_class = "shop.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "token"}


class CatalogueTokenScheme(TokenScheme):
    """The same header on the catalogue's lists, where it is optional and only renewed."""

    target_class = "shop.authentication.CatalogueAuthentication"
    name = "token (catalogue)"
