from . import selectors


def catalog_nav(request):
    # A callable, so the query runs only on pages whose template shows the navigation.
    return {"nav_categories": selectors.categories}
