"""Review of draft chapters (Prüfrunden): rounds, comments, answers, Synopse, notifications.

Members reach only rounds for their groups (others: 404, and absent from every list); the
council and other towns are refused the whole area (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView, View

from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from integration_site import spreadsheets
from integration_site.background.pdfs import pdf_download
from integration_site.refusals import refusal_to_form, refusal_to_messages
from integration_site.rendering.htmx import announce, htmx_redirect, is_htmx, vary_on_htmx
from integration_site.versions import VersionedEditMixin
from participation.models import Comment, NotificationSettings, ReviewRound
from participation.review import exports, services
from participation.review.display import round_page
from participation.review.forms import (
    CommentAnswerForm,
    CommentEditForm,
    CommentForm,
    NotificationSettingsForm,
    ReviewRoundForm,
)
from participation.review.threads import ThreadRenderer


class ReviewMixin(MunicipalityMixin):
    permission_required = "participation.view_reviews"

    def rounds(self):
        return ReviewRound.objects.for_municipality(self.municipality).visible_to(
            self.request.user, self.municipality
        )


class RoundMixin(ReviewMixin):
    """Resolves `self.round` among the rounds this person may see (404 otherwise)."""

    def load_objects(self):
        super().load_objects()
        self.round = get_object_or_404(
            self.rounds().select_related("chapter__edition__concept"), pk=self.kwargs["round"]
        )

    def redirect_to_round(self, comment=None):
        response = redirect(
            "participation:review_round_detail", town=self.municipality.slug, round=self.round.pk
        )
        if comment is not None:
            response["Location"] += f"#{comment.anchor}"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        return context


class StaffRoundMixin(RoundMixin):
    permission_required = "concepts.edit_concept"


class CommentMixin(RoundMixin):
    def load_objects(self):
        super().load_objects()
        self.comment = get_object_or_404(
            Comment.objects.filter(round=self.round).select_related("author"),
            pk=self.kwargs["comment"],
        )


class ReviewRoundListView(ReviewMixin, TemplateView):
    template_name = "participation/review/round_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = (
            self.rounds()
            .select_related("chapter__edition")
            .prefetch_related("groups")
            .annotate(
                comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)),
                open_count=Count(
                    "comments",
                    filter=Q(comments__withdrawn_at__isnull=True, comments__disposition=""),
                ),
            )
        )
        context["open_rounds"] = [r for r in rounds if r.is_open]
        context["closed_rounds"] = [r for r in rounds if not r.is_open]
        return context


class ReviewRoundCreateView(StaffRequiredMixin, FormView):
    template_name = "participation/review/round_form.html"
    form_class = ReviewRoundForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        return kwargs

    def get_initial(self):
        return {"chapter": self.request.GET.get("kapitel")}

    def form_valid(self, form):
        try:
            round_ = services.review_round_open(
                chapter=form.cleaned_data["chapter"],
                groups=form.cleaned_data["groups"],
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
                user=self.request.user,
            )
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Die Prüfrunde ist eröffnet; "
                "die Mitglieder der Arbeitsgruppen werden benachrichtigt."
            ),
        )
        return redirect(
            "participation:review_round_detail", town=self.municipality.slug, round=round_.pk
        )


class ReviewRoundDetailView(RoundMixin, TemplateView):
    template_name = "participation/review/round_detail.html"
    focus_key = None  # the comment that takes the focus (posted in place)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = self.round
        context.update(round_page(round_, round_.chapter.body))
        context["groups"] = list(round_.groups.all())
        context["is_staff_view"] = self.can_edit
        context["can_comment"] = round_.accepts_comments
        context["can_answer"] = self.can_edit and round_.is_open
        context["dispositions"] = Comment.Disposition.choices
        # Reversed once: the threads build their URLs from these prefixes.
        base = reverse(
            "participation:review_round_detail",
            kwargs={"town": self.municipality.slug, "round": round_.pk},
        )
        renderer = ThreadRenderer(
            viewer_id=self.request.user.pk,
            can_comment=context["can_comment"],
            can_answer=context["can_answer"],
            comments_url=f"{base}kommentare/",
            create_url=f"{base}kommentieren/",
            csrf=get_token(self.request),
            focus_key=self.focus_key,
        )
        context["create_url"] = renderer.create_url
        for paragraph in context["paragraphs"]:
            paragraph.threads_html = renderer.threads(paragraph.comments)
        context["chapter_threads_html"] = renderer.threads(context["chapter_comments"])
        return context


@method_decorator(require_POST, name="dispatch")
class CommentCreateView(ReviewRoundDetailView):
    """Without JavaScript: POST and back to the round page at the new comment (or the message).

    With htmx the comment's area of the round page (its paragraph's or the chapter's comments
    with the form) is rendered again: the new comment takes the focus and the form is empty,
    or the error summary takes the focus and the text stays in the form.
    """

    def post(self, request, *args, **kwargs):
        in_place = is_htmx(request)
        form = CommentForm(request.POST)
        parent = None
        if form.is_valid() and form.cleaned_data["parent"]:
            parent = get_object_or_404(
                Comment.objects.filter(round=self.round), pk=form.cleaned_data["parent"]
            )
        if not form.is_valid():
            errors = [e for errors in form.errors.values() for e in errors]
            if in_place:
                return self.area_with_errors(form, errors)
            messages.error(request, " ".join(errors))
            return self.redirect_to_round()
        try:
            comment = services.comment_create(
                round_=self.round,
                author=request.user,
                text=form.cleaned_data["text"],
                paragraph=form.cleaned_data["paragraph"],
                parent=parent,
            )
        except ValidationError as error:
            if in_place:
                return self.area_with_errors(form, error.messages, parent=parent)
            refusal_to_messages(request, error)
            return self.redirect_to_round()
        text = _("Ihr Kommentar ist gespeichert.")
        if in_place:
            self.focus_key = str(comment.pk)
            area = self.area(comment.paragraph)
            if area is not None:
                return announce(area, text)
        messages.success(request, text)
        if in_place:
            return htmx_redirect(self.redirect_to_round(comment)["Location"])
        return self.redirect_to_round(comment)

    def area(self, paragraph, **extra):
        """The comment area of `paragraph` (None: the whole chapter) as a template partial;
        None when the draft has no such paragraph."""
        context = self.get_context_data(**extra)
        partial = "chapter_comments"
        if paragraph:
            context["p"] = next((p for p in context["paragraphs"] if p.number == paragraph), None)
            if context["p"] is None:
                return None
            partial = "paragraph_comments"
        response = TemplateResponse(self.request, f"{self.template_name}#{partial}", context)
        return vary_on_htmx(response)

    def area_with_errors(self, form, errors, parent=None):
        if parent is None and (raw := self.request.POST.get("parent", "")).isdigit():
            parent = Comment.objects.filter(round=self.round, pk=raw).first()
        if parent is not None:
            paragraph = parent.paragraph
            field = f"antwort-auf-{(parent.parent_id or parent.pk)}"
        else:
            raw = self.request.POST.get("paragraph", "")
            paragraph = int(raw) if raw.isdigit() else None
            field = f"kommentar-absatz-{paragraph}" if paragraph else "kommentar-kapitel"
        area = self.area(
            paragraph,
            comment_errors=errors,
            comment_text=self.request.POST.get("text", ""),
            comment_error_field=field,
            comment_error_reply=parent is not None,
        )
        if area is None:
            messages.error(self.request, " ".join(errors))
            return htmx_redirect(self.redirect_to_round()["Location"])
        return area


class CommentUpdateView(VersionedEditMixin, CommentMixin, FormView):
    template_name = "participation/review/comment_form.html"
    form_class = CommentEditForm

    def load_objects(self):
        super().load_objects()
        if self.comment.author_id != self.request.user.pk:
            raise PermissionDenied(_("Nur eigene Kommentare können bearbeitet werden."))

    def get(self, request, *args, **kwargs):
        if not self.round.accepts_comments or self.comment.is_withdrawn:
            messages.error(request, _("Dieser Kommentar kann nicht mehr geändert werden."))
            return self.redirect_to_round(self.comment)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=Comment(text=self.comment.text), versioned=self.comment)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.comment
        return context

    def form_valid(self, form):
        try:
            services.comment_update(
                comment=self.comment, user=self.request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            refusal_to_messages(self.request, error)
            return self.redirect_to_round(self.comment)
        messages.success(self.request, _("Ihr Kommentar ist geändert."))
        return self.redirect_to_round(self.comment)


@method_decorator(require_POST, name="dispatch")
class CommentWithdrawView(CommentMixin, View):
    def post(self, request, *args, **kwargs):
        if self.comment.author_id != request.user.pk:
            raise PermissionDenied(_("Nur eigene Kommentare können zurückgezogen werden."))
        try:
            services.comment_withdraw(comment=self.comment, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            messages.success(request, _("Ihr Kommentar ist zurückgezogen."))
        return self.redirect_to_round(self.comment)


class CommentAnswerView(VersionedEditMixin, StaffRoundMixin, CommentMixin, FormView):
    template_name = "participation/review/comment_answer.html"
    form_class = CommentAnswerForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            instance=Comment(disposition=self.comment.disposition, answer=self.comment.answer),
            versioned=self.comment,
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comment"] = self.comment
        return context

    def form_valid(self, form):
        try:
            services.comment_answer(
                comment=self.comment,
                user=self.request.user,
                disposition=form.cleaned_data["disposition"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            refusal_to_messages(self.request, error)
            return self.redirect_to_round(self.comment)
        messages.success(self.request, _("Die Antwort ist gespeichert."))
        return self.redirect_to_round(self.comment)


@method_decorator(require_POST, name="dispatch")
class ReviewRoundCloseView(StaffRoundMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.review_round_close(round_=self.round, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            messages.success(
                request,
                _("Die Prüfrunde ist abgeschlossen; die Arbeitsgruppen erhalten die Antworten."),
            )
        return self.redirect_to_round()


class SynopsisXlsxView(StaffRoundMixin, View):
    def get(self, request, *args, **kwargs):
        return spreadsheets.download(
            exports.synopsis_xlsx(self.round),
            kind="xlsx",
            filename=f"{exports.filename(self.round)}.xlsx",
        )


class SynopsisPdfView(StaffRoundMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            exports.SYNOPSIS_PDF.name,
            {"round": self.round.pk},
            filename=f"{exports.filename(self.round)}.pdf",
            municipality=self.municipality,
        )


class NotificationSettingsView(VersionedEditMixin, ReviewMixin, FormView):
    template_name = "participation/review/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = NotificationSettings.objects.filter(
            user=self.request.user
        ).first() or NotificationSettings(user=self.request.user)
        return kwargs

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Ihre Einstellungen sind gespeichert."))
        return redirect("participation:notification_settings", town=self.municipality.slug)
