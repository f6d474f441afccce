from wagtail import hooks

from .demo import demo_assembly_load
from .panels import group_page_panel, my_learning_panel
from .services import member_assembly_data, member_assembly_erase
from .views.viewsets import AssemblyViewSet


@hooks.register("register_admin_viewset")
def register_assembly_viewset():
    return AssemblyViewSet()


hooks.register("register_my_learning_panel", my_learning_panel)
# ``branches`` calls these: its group page, a member's subject access export
# and a member's erasure (it cannot import us).
hooks.register("register_group_page_panel", group_page_panel)
hooks.register("register_member_data_export", member_assembly_data)
hooks.register("register_member_data_erase", member_assembly_erase)
# After the demo branch (branches, 40) whose group it gives a poll and a record.
hooks.register("register_demo_loader", demo_assembly_load, order=50)
