"""WeChat sign-in (spec section 2), as AnQiCMS does it: the code a mini-program gets from
``wx.login`` (``weapp``), or an official account's OAuth code (``wechat``), is exchanged at WeChat
for the shopper's ``openid``; the account linked to it signs in, or a new one is made."""

import secrets

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.api import ApiError

from .models import User, WechatAccount

# platform: (WeChat's exchange path, app id setting, app secret setting, the code's parameter name)
EXCHANGES = {
    "weapp": ("/sns/jscode2session", "WECHAT_WEAPP_APPID", "WECHAT_WEAPP_SECRET", "js_code"),
    "wechat": ("/sns/oauth2/access_token", "WECHAT_APPID", "WECHAT_APP_SECRET", "code"),
}
TIMEOUT = (5, 10)


def _openid(platform, code):
    path, appid_setting, secret_setting, code_name = EXCHANGES[platform]
    appid, secret = getattr(settings, appid_setting), getattr(settings, secret_setting)
    if not (appid and secret):
        raise ApiError(_("platform: WeChat sign-in (%(platform)s) is not set up in this shop") % {"platform": platform})
    params = {"appid": appid, "secret": secret, code_name: code, "grant_type": "authorization_code"}
    try:
        answer = requests.get(settings.WECHAT_API + path, params=params, timeout=TIMEOUT).json()
    except (requests.RequestException, ValueError):
        raise ApiError(_("WeChat is not answering, please try again")) from None
    if not isinstance(answer, dict) or answer.get("errcode") or not answer.get("openid"):
        reason = answer.get("errmsg") if isinstance(answer, dict) else None
        raise ApiError(_("code: WeChat refused it (%(reason)s)") % {"reason": reason or "no openid"})
    return answer["openid"], answer.get("unionid", "")


def sign_in(*, platform, code, invite_id=0):
    """The shopper WeChat vouches for: the one linked to the ``openid``, or a new one (its inviter
    ``invite_id``) linked to it now. Two first sign-ins at once make one account."""
    openid, unionid = _openid(platform, code)  # WeChat is asked before any transaction
    linked = WechatAccount.objects.select_related("user").filter(platform=platform, openid=openid).first()
    if linked:
        return linked.user
    parent = User.objects.filter(pk=invite_id).first() if invite_id else None
    try:
        with transaction.atomic():
            user = User(username=f"wx_{secrets.token_hex(5)}", parent=parent)
            user.set_unusable_password()
            user.save()
            WechatAccount.objects.create(user=user, platform=platform, openid=openid, unionid=unionid)
    except IntegrityError:  # a parallel first sign-in linked it first
        return WechatAccount.objects.select_related("user").get(platform=platform, openid=openid).user
    return user


def weapp_openid(user):
    """The openid a mini-program payment is made with, when the client does not send one."""
    return WechatAccount.objects.filter(user=user, platform="weapp").values_list("openid", flat=True).first() or ""
