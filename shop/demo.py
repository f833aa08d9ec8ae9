"""A believable demo shop: categories and goods in Chinese and English, generated pictures, options and SKUs,
accounts.

Idempotent: everything is looked up by a natural key first, so a second run changes nothing.
"""

import colorsys
import hashlib
from io import BytesIO
from itertools import product

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from .models import (
    Category,
    Goods,
    GoodsImage,
    GoodsOption,
    GoodsOptionValue,
    GoodsSku,
    User,
    UserGroup,
    WechatAccount,
)
from .roles import ensure_roles
from .services import sync_goods_from_skus

STAFF = ("admin", "lantern-admin-2026")
CLERK = ("clerk", "lantern-clerk-2026")  # in the "shop staff" group: orders, refunds, coupons; no settings
SHOPPER = ("shopper", "lantern-shopper-2026")
WECHAT_SHOPPER = ("wx_demo", "lantern-wechat-2026", "o-demo-mini-program-shopper")

# (Chinese, English) category -> goods as ((Chinese, English) title, price in yuan, stock, variants)
CATALOG = {
    ("家居厨房", "Home & Kitchen"): [
        (("粗陶茶具套装", "Stoneware Tea Set"), 189, 40, None),
        (("铸铁煎锅 26cm", "Cast Iron Skillet 26cm"), 229, 25, None),
        (("竹制砧板", "Bamboo Cutting Board"), 69, 120, None),
        (("亚麻桌旗", "Linen Table Runner"), 99, 60, "colour"),
        (("玻璃手冲咖啡壶", "Glass Pour-Over Coffee Maker"), 139, 35, None),
        (("陶瓷饭碗（4 只装）", "Ceramic Rice Bowls (set of 4)"), 79, 80, "colour"),
    ],
    ("服饰", "Clothing"): [
        (("有机棉 T 恤", "Organic Cotton T-Shirt"), 99, 0, "apparel"),
        (("美利奴羊毛衫", "Merino Wool Sweater"), 459, 0, "apparel"),
        (("帆布工装夹克", "Canvas Work Jacket"), 599, 0, "apparel"),
        (("日常休闲裤", "Everyday Chino Trousers"), 299, 0, "apparel"),
        (("真丝围巾", "Silk Scarf"), 259, 30, "colour"),
        (("针织毛线帽", "Knitted Beanie"), 89, 150, "colour"),
    ],
    ("数码", "Electronics"): [
        (("无线耳机", "Wireless Earbuds"), 399, 50, "colour"),
        (("机械键盘", "Mechanical Keyboard"), 549, 20, "switch"),
        (("USB-C 充电器 65W", "USB-C Charger 65W"), 159, 200, None),
        (("便携音箱", "Portable Speaker"), 329, 45, None),
        (("电子墨水阅读器", "E-Ink Reader"), 899, 15, None),
        (("智能台灯", "Smart Desk Lamp"), 249, 5, None),
    ],
    ("户外", "Outdoors"): [
        (("越野跑鞋", "Trail Running Shoes"), 699, 0, "shoes"),
        (("保温水壶", "Insulated Water Bottle"), 129, 300, "colour"),
        (("双人帐篷", "Two-Person Tent"), 1299, 8, None),
        (("徒步背包 22L", "Hiking Daypack 22L"), 359, 40, "colour"),
        (("露营头灯", "Camping Headlamp"), 119, 90, None),
    ],
    ("文具", "Stationery"): [
        (("A5 点阵笔记本", "Dot Grid Notebook A5"), 49, 500, "colour"),
        (("钢笔", "Fountain Pen"), 189, 60, None),
        (("黄铜直尺 15cm", "Brass Ruler 15cm"), 59, 3, None),
        (("和纸胶带套装", "Washi Tape Set"), 39, 250, None),
        (("桌面收纳盒", "Desk Organizer"), 149, 0, None),
    ],
    ("美妆", "Beauty"): [
        (("玫瑰果面部精油", "Rosehip Face Oil"), 169, 70, None),
        (("檀香香皂", "Sandalwood Soap Bar"), 35, 400, None),
        (("竹制梳子", "Bamboo Hairbrush"), 79, 90, None),
        (("护手霜三支装", "Hand Cream Trio"), 119, 55, None),
    ],
}

# Options are in the main language only (their English is not kept).
VARIANTS = {
    "colour": {"颜色": ["墨黑", "沙色", "苔绿"]},
    "apparel": {"尺码": ["S", "M", "L", "XL"], "颜色": ["黑色", "燕麦色"]},
    "switch": {"轴体": ["线性轴", "段落轴", "青轴"]},
    "shoes": {"尺码": ["39", "40", "41", "42", "43", "44"]},
}


def _hue(text):
    return int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) / 0xFFFF


def _picture(title, variant):
    """A 600x600 JPEG: a colour field keyed to the title, a simple shape and the title."""
    hue = (_hue(title) + variant * 0.12) % 1
    top = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.78, 0.55))
    bottom = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.55, 0.5))
    picture = Image.new("RGB", (600, 600), top)
    draw = ImageDraw.Draw(picture)
    for y in range(600):
        mix = y / 599
        draw.line(
            [(0, y), (600, y)],
            fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    accent = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.35, 0.6))
    box = (170, 120, 430, 380)
    (draw.ellipse if variant % 2 == 0 else draw.rounded_rectangle)(box, fill=accent)
    font = ImageFont.load_default(size=34)
    words, lines = title.split(), [""]
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if draw.textlength(candidate, font=font) > 520 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    for index, line in enumerate(lines[:3]):
        width = draw.textlength(line, font=font)
        draw.text(((600 - width) / 2, 420 + index * 44), line, font=font, fill=(33, 33, 33))
    out = BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _add_variants(goods, kind, price, stock_seed):
    options = []
    for sort, (option_title, value_titles) in enumerate(VARIANTS[kind].items()):
        option = GoodsOption.objects.create(goods=goods, title=option_title, sort=sort)
        values = [
            GoodsOptionValue.objects.create(option=option, title=value, sort=index)
            for index, value in enumerate(value_titles)
        ]
        options.append(values)
    for index, combination in enumerate(product(*options)):
        sku = GoodsSku.objects.create(
            goods=goods,
            title=" / ".join(value.title for value in combination),
            symbol="_".join(str(value.id) for value in combination),
            price=price + (index % 3) * 1000,
            origin_price=price + 5000,
            stock=(stock_seed + index * 7) % 25,
        )
        sku.values.set(combination)


def seed_demo():
    """Fill the shop; returns the number of goods created (0 on a second run)."""
    return _seed_catalog()


@transaction.atomic
def _seed_catalog():
    vip, _ = UserGroup.objects.get_or_create(
        title="VIP",
        defaults={"level": 1, "discount": 5, "share_reward": 10, "parent_reward": 3, "price": 9900, "expire_day": 365,
                  "description": "5% off for the friends you invite, and a share of what they buy."},
    )  # fmt: skip
    UserGroup.objects.get_or_create(title="Member", defaults={"level": 0})
    if not User.objects.filter(username=STAFF[0]).exists():
        User.objects.create_superuser(STAFF[0], "admin@lantern.example", STAFF[1])
    if not User.objects.filter(username=CLERK[0]).exists():
        clerk = User.objects.create_user(CLERK[0], "clerk@lantern.example", CLERK[1], is_staff=True)
        clerk.groups.add(ensure_roles(Group, Permission)[0])
    if not User.objects.filter(username=SHOPPER[0]).exists():
        User.objects.create_user(
            SHOPPER[0],
            "shopper@lantern.example",
            SHOPPER[1],
            phone="13800000001",
            group=vip,
        )
    if not User.objects.filter(username=WECHAT_SHOPPER[0]).exists():
        # A shopper who signed in from the mini-program: weapp payments use this openid.
        wechat_user = User.objects.create_user(WECHAT_SHOPPER[0], "", WECHAT_SHOPPER[1])
        WechatAccount.objects.create(user=wechat_user, platform="weapp", openid=WECHAT_SHOPPER[2])
    seller = User.objects.get(username=STAFF[0])

    created = 0
    for sort, ((category_zh, category_en), items) in enumerate(CATALOG.items()):
        category, _ = Category.objects.get_or_create(
            url_token=slugify(category_en),
            defaults={"title": category_zh, "title_en": category_en, "sort": sort},
        )
        for number, ((title, title_en), yuan, stock, kind) in enumerate(items):
            if Goods.objects.filter(url_token=slugify(title_en)).exists():
                continue
            price = yuan * 100
            goods = Goods.objects.create(
                title=title,
                title_en=title_en,
                url_token=slugify(title_en),
                keywords=f"{title}, {title_en}, {category_zh}, {category_en}",
                description=f"{category_zh}系列的{title}，日常好用。",
                description_en=f"{title_en} from our {category_en.lower()} range, made for everyday use.",
                content="满 ¥99 包邮；收货后 7 天内可退货。",
                category=category,
                seller=seller,
                price=price,
                origin_price=price + (price // 5 if number % 2 else 0),
                stock=stock,
                user_limit=5 if stock and stock < 10 else 0,
                sold_count=(number * 37 + sort * 11) % 200,
            )
            for variant in range(2):
                image = GoodsImage(goods=goods, sort=variant)
                image.image.save(
                    f"{goods.url_token}-{variant + 1}.jpg",
                    ContentFile(_picture(title_en, variant)),  # the default font has no Chinese
                    save=False,
                )
                image.save()
            if kind:
                _add_variants(goods, kind, price, number + sort)
                sync_goods_from_skus(goods)
            created += 1
    return created
