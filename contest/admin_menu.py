"""The one kind of admin menu item our apps add: shown only to whoever a permission predicate allows (the
predicates live in each app's rules.py)."""

from wagtail.admin.menu import MenuItem


class PredicateMenuItem(MenuItem):
    def __init__(self, *args, predicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.predicate = predicate

    def is_shown(self, request):
        return self.predicate(request.user)
