"""The OParl endpoints: public, read-only JSON (no login: see docs/oparl.md).

Lists are paginated (`page`, `limit`) and filtered by `created_since`, `created_until`,
`modified_since`, `modified_until`; the links of every page carry the filters, so a client
that walks `next` gets exactly the filtered set. Lists order by id, which keeps pages stable
while the data changes. `modified` of a paper, meeting or committee includes changes of the
objects embedded in it, so `modified_since` finds a paper whose consultation got its result.
"""

import math
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import F, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views import View

from concepts.models import Municipality
from participation.council.pdf import paper_pdf
from participation.models import (
    AgendaItem,
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    PaperAttachment,
)
from participation.oparl import serializers
from participation.oparl.publication import (
    public_consultations,
    published_attachments,
    published_papers,
)

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("effective_modified", "gte"),
    "modified_until": ("effective_modified", "lte"),
}


class BadRequest(Exception):
    pass


class Urls:
    """Absolute URLs of OParl objects for this request: `urls("paper", 5)`."""

    def __init__(self, request):
        self.request = request

    def __call__(self, name, *args):
        return self.request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def oparl_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def latest(queryset, path):
    """Subquery: latest `modified` of rows pointing at the outer object through `path`."""
    return Subquery(
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(latest=Max("modified"))
        .values("latest")[:1]
    )


def with_effective_modified(queryset, *children):
    """Annotate `effective_modified`: own `modified` or the latest of embedded children."""
    parts = [Coalesce(latest(qs, path), F("modified")) for qs, path in children]
    expression = Greatest(F("modified"), *parts) if parts else F("modified")
    return queryset.annotate(effective_modified=expression)


def parse_moment(name, value):
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadRequest(
                f"{name}: bitte Datum und Uhrzeit nach ISO 8601 angeben, "
                "z. B. 2026-03-12T17:00:00+01:00."
            )
        moment = timezone.datetime.combine(day, timezone.datetime.min.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class OParlView(View):
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        self.urls = Urls(request)
        try:
            return oparl_json(self.data(request, *args, **kwargs))
        except BadRequest as error:
            return oparl_json({"error": str(error)}, status=400)

    def data(self, request, *args, **kwargs):
        raise NotImplementedError


class ListView(OParlView):
    """A paginated OParl list (`data`, `pagination`, `links`)."""

    def queryset(self, **kwargs):
        raise NotImplementedError

    def serialize(self, obj):
        raise NotImplementedError

    def filter(self, queryset, request):
        for name, (field, lookup) in FILTERS.items():
            if request.GET.get(name):
                moment = parse_moment(name, request.GET[name])
                queryset = queryset.filter(**{f"{field}__{lookup}": moment})
        return queryset

    def data(self, request, *args, **kwargs):
        queryset = self.filter(self.queryset(**kwargs), request).order_by("pk")
        try:
            limit = min(MAX_LIMIT, max(1, int(request.GET.get("limit", DEFAULT_LIMIT))))
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError as error:
            raise BadRequest("page und limit müssen ganze Zahlen sein.") from error
        total = queryset.count()
        pages = max(1, math.ceil(total / limit))
        if page > pages:
            raise Http404("Diese Seite gibt es nicht.")
        rows = list(queryset[(page - 1) * limit : page * limit])
        return {
            "data": [self.serialize(obj) for obj in rows],
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": self.links(request, page, pages, limit),
        }

    def links(self, request, page, pages, limit):
        params = {k: v for k, v in request.GET.items() if k in FILTERS}
        if "limit" in request.GET:
            params["limit"] = limit
        base = request.build_absolute_uri(request.path)

        def at(number):
            query = urlencode({**params, "page": number})
            return f"{base}?{query}"

        links = {"first": at(1), "last": at(pages), "self": at(page)}
        if page > 1:
            links["prev"] = at(page - 1)
        if page < pages:
            links["next"] = at(page + 1)
        return links


# --- System and bodies ------------------------------------------------------------------------


class SystemView(OParlView):
    def data(self, request):
        return serializers.system(
            self.urls,
            name="Integrationskonzept – Ratsinformationen (OParl)",
            website=request.build_absolute_uri("/"),
        )


def terms_prefetch():
    return Prefetch("legislative_terms", queryset=LegislativeTerm.objects.order_by("starts_on"))


class BodyListView(ListView):
    def queryset(self):
        return with_effective_modified(Municipality.objects.prefetch_related(terms_prefetch()))

    def serialize(self, obj):
        return serializers.body(self.urls, obj, obj.legislative_terms.all())


class BodyView(OParlView):
    def data(self, request, town):
        municipality = get_object_or_404(
            Municipality.objects.prefetch_related(terms_prefetch()), slug=town
        )
        return serializers.body(self.urls, municipality, municipality.legislative_terms.all())


class BodyScopedListView(ListView):
    def data(self, request, town, **kwargs):
        self.municipality = get_object_or_404(Municipality, slug=town)
        return super().data(request, **kwargs)


# --- Organization, Person, Membership, LegislativeTerm ----------------------------------------


def committees():
    return with_effective_modified(
        Committee.objects.select_related("municipality").prefetch_related(
            Prefetch("memberships", queryset=CommitteeMembership.objects.order_by("pk"))
        ),
        (CommitteeMembership.objects.all(), "committee"),
    )


class OrganizationListView(BodyScopedListView):
    def queryset(self):
        return committees().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.organization(self.urls, obj)


class OrganizationView(OParlView):
    def data(self, request, pk):
        return serializers.organization(self.urls, get_object_or_404(committees(), pk=pk))


def memberships():
    return with_effective_modified(
        CommitteeMembership.objects.select_related("committee__municipality")
    )


class MembershipListView(BodyScopedListView):
    def queryset(self):
        return memberships().filter(committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.membership(self.urls, obj)


class MembershipView(OParlView):
    def data(self, request, pk):
        return serializers.membership(self.urls, get_object_or_404(memberships(), pk=pk))


def people_of(municipality):
    """Persons (name → memberships) of the town, in order of their first membership."""
    grouped = defaultdict(list)
    for member in (
        CommitteeMembership.objects.filter(committee__municipality=municipality)
        .select_related("committee__municipality")
        .order_by("pk")
    ):
        grouped[serializers.person_slug(member.person_name)].append(member)
    return grouped


class PersonListView(BodyScopedListView):
    """Persons are not rows of their own; the list is paged in Python (towns have few)."""

    def data(self, request, town):
        self.municipality = get_object_or_404(Municipality, slug=town)
        people = list(people_of(self.municipality).values())
        for name, (field, lookup) in FILTERS.items():
            if request.GET.get(name):
                moment = parse_moment(name, request.GET[name])
                attr = "created" if field == "created" else "modified"
                pick = min if field == "created" else max
                if lookup == "gte":
                    people = [p for p in people if pick(getattr(m, attr) for m in p) >= moment]
                else:
                    people = [p for p in people if pick(getattr(m, attr) for m in p) <= moment]
        return self.paginate(request, people)

    def paginate(self, request, people):
        try:
            limit = min(MAX_LIMIT, max(1, int(request.GET.get("limit", DEFAULT_LIMIT))))
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError as error:
            raise BadRequest("page und limit müssen ganze Zahlen sein.") from error
        pages = max(1, math.ceil(len(people) / limit))
        if page > pages:
            raise Http404("Diese Seite gibt es nicht.")
        chunk = people[(page - 1) * limit : page * limit]
        return {
            "data": [
                serializers.person(self.urls, self.municipality.slug, p[0].person_name, p)
                for p in chunk
            ],
            "pagination": {
                "totalElements": len(people),
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": self.links(request, page, pages, limit),
        }


class PersonView(OParlView):
    def data(self, request, town, person):
        municipality = get_object_or_404(Municipality, slug=town)
        found = people_of(municipality).get(person)
        if not found:
            raise Http404("Diese Person gibt es nicht.")
        return serializers.person(self.urls, town, found[0].person_name, found)


def legislative_terms():
    return with_effective_modified(LegislativeTerm.objects.select_related("municipality"))


class LegislativeTermListView(BodyScopedListView):
    def queryset(self):
        return legislative_terms().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.legislative_term(self.urls, obj)


class LegislativeTermView(OParlView):
    def data(self, request, pk):
        return serializers.legislative_term(
            self.urls, get_object_or_404(legislative_terms(), pk=pk)
        )


# --- Meeting, AgendaItem, Location ------------------------------------------------------------


def agenda_items():
    return AgendaItem.objects.select_related("consultation").prefetch_related(
        Prefetch("consultation__amendments", queryset=Amendment.objects.order_by("position", "pk"))
    )


def meetings():
    return with_effective_modified(
        CommitteeMeeting.objects.select_related("committee").prefetch_related(
            Prefetch("agenda_items", queryset=agenda_items().order_by("position", "pk"))
        ),
        (AgendaItem.objects.all(), "meeting"),
        (Consultation.objects.all(), "agenda_item__meeting"),
    )


class MeetingListView(BodyScopedListView):
    def queryset(self):
        return meetings().filter(committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.meeting(self.urls, obj)


class OrganizationMeetingListView(ListView):
    def data(self, request, pk):
        self.committee = get_object_or_404(Committee, pk=pk)
        return super().data(request)

    def queryset(self):
        return meetings().filter(committee=self.committee)

    def serialize(self, obj):
        return serializers.meeting(self.urls, obj)


class MeetingView(OParlView):
    def data(self, request, pk):
        return serializers.meeting(self.urls, get_object_or_404(meetings(), pk=pk))


def agenda_items_with_meeting():
    return with_effective_modified(
        agenda_items().select_related("meeting"),
        (Consultation.objects.all(), "agenda_item"),
    )


class AgendaItemListView(BodyScopedListView):
    def queryset(self):
        return agenda_items_with_meeting().filter(
            meeting__committee__municipality=self.municipality
        )

    def serialize(self, obj):
        return serializers.agenda_item(self.urls, obj, obj.meeting)


class AgendaItemView(OParlView):
    def data(self, request, pk):
        item = get_object_or_404(agenda_items_with_meeting(), pk=pk)
        return serializers.agenda_item(self.urls, item, item.meeting)


class LocationListView(BodyScopedListView):
    def queryset(self):
        return with_effective_modified(
            CommitteeMeeting.objects.filter(
                committee__municipality=self.municipality, is_public=True
            ).exclude(location="")
        )

    def serialize(self, obj):
        return serializers.location(self.urls, obj)


class LocationView(OParlView):
    def data(self, request, pk):
        item = get_object_or_404(
            CommitteeMeeting.objects.filter(is_public=True).exclude(location=""), pk=pk
        )
        return serializers.location(self.urls, item)


# --- Paper, Consultation, File ----------------------------------------------------------------


def consultations():
    return with_effective_modified(
        public_consultations().select_related("agenda_item", "meeting"),
        (Amendment.objects.all(), "consultation"),
    )


def papers():
    return with_effective_modified(
        published_papers()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("attachments", queryset=PaperAttachment.objects.order_by("position", "pk")),
            Prefetch(
                "consultations",
                queryset=public_consultations()
                .select_related("agenda_item", "meeting")
                .order_by("position", "pk"),
            ),
        ),
        (Consultation.objects.all(), "paper"),
        (PaperAttachment.objects.all(), "paper"),
    )


class PaperListView(BodyScopedListView):
    def queryset(self):
        return papers().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.paper(self.urls, obj)


class PaperView(OParlView):
    def data(self, request, pk):
        return serializers.paper(self.urls, get_object_or_404(papers(), pk=pk))


class PaperMainFileView(OParlView):
    def data(self, request, pk):
        return serializers.main_file(self.urls, get_object_or_404(papers(), pk=pk))


class PaperMainFileContentView(View):
    """The Vorlage as PDF: inline at accessUrl, as a download at downloadUrl."""

    as_attachment = False

    def get(self, request, pk):
        paper = get_object_or_404(published_papers().select_related("municipality"), pk=pk)
        described = serializers.main_file(Urls(request), paper)
        response = HttpResponse(paper_pdf(paper, public=True), content_type="application/pdf")
        disposition = "attachment" if self.as_attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{described["fileName"]}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class ConsultationListView(BodyScopedListView):
    def queryset(self):
        return consultations().filter(paper__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.consultation(self.urls, obj)


class ConsultationView(OParlView):
    def data(self, request, pk):
        return serializers.consultation(self.urls, get_object_or_404(consultations(), pk=pk))


def files():
    return with_effective_modified(published_attachments())


class FileListView(BodyScopedListView):
    def queryset(self):
        return files().filter(paper__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.file(self.urls, obj)


class FileView(OParlView):
    def data(self, request, pk):
        return serializers.file(self.urls, get_object_or_404(files(), pk=pk))


class FileContentView(View):
    """accessUrl shows the file in the browser, downloadUrl offers it for saving."""

    as_attachment = False

    def get(self, request, pk):
        attachment = get_object_or_404(published_attachments(), pk=pk)
        if not attachment.file:
            raise Http404("Die Datei fehlt.")
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("Die Datei fehlt.") from error
        response = FileResponse(
            handle,
            as_attachment=self.as_attachment,
            filename=attachment.file_name,
            content_type=attachment.mime_type or serializers.guess_mime_type(attachment.file_name),
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
