from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form without `autofocus`: the first Tab stop stays the skip link, and a
    screen reader starts at the top of the page instead of inside the form (WCAG 2.4.3)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
