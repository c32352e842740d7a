"""The shareholding tree's picture in a page: ``{% ownership_svg ownership %}``
(``publicity.ownership_picture`` draws it), named and described in the
page's language."""

from django import template
from django.utils.translation import gettext as _

from publicity.ownership_picture import picture
from publicity.templatetags.publicity import title_name

register = template.Library()


@register.simple_tag
def ownership_svg(ownership):
    shown_up = sum(len(level) for level in ownership.levels_up)
    shown_down = sum(len(level) for level in ownership.levels_down)
    if ownership.company is not None:
        title = _("Who stands behind %(name)s") % {"name": title_name(ownership.company)}
        desc = _(
            "A tree: the company in the middle; above it its shareholders, the "
            "shareholders of each shareholding company and once more (%(up)s shown); "
            "below it the companies it holds shares in (%(down)s shown). The list "
            "beside the picture gives the same as text."
        ) % {"up": shown_up, "down": shown_down}
    else:
        title = _("Companies %(name)s holds shares in") % {"name": title_name(ownership.person)}
        desc = _(
            "A tree: the person at the top; below, the companies the person holds "
            "shares in, and below each of them the companies it holds shares in "
            "(%(count)s shown). The list beside the picture gives the same as text."
        ) % {"count": shown_down}
    return picture(ownership, title=title, desc=desc, dom_id="ownership-picture")
