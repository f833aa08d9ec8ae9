from rest_framework.renderers import JSONRenderer

from .api_codes import OK


class EnvelopeRenderer(JSONRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        body = {
            "code": getattr(response, "api_code", OK),
            "msg": getattr(response, "api_msg", ""),
            "data": data,
        }
        if hasattr(response, "api_total"):
            body["total"] = response.api_total
        return super().render(body, accepted_media_type, renderer_context)
