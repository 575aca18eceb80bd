"""The OParl endpoints: public, read-only JSON (no login: see docs/oparl.md).

Lists are paginated (`page`, `limit`) and filtered by `created_since`, `created_until`,
`modified_since`, `modified_until` (compared at whole seconds, as the objects show them); the
links of every page carry the filters, so a client that walks `next` gets exactly the filtered
set. Lists order by id, which keeps pages stable while the data changes; with `modified_since`
the tombstones of deleted objects follow (spec §2.8, `tombstones.py`). `modified` shown is the
effective one the filters use: it includes the changes of what the object embeds or shows of
others, so `modified_since` finds a paper whose consultation just got its result.
Every answer carries an ETag (single objects also Last-Modified), conditional GET answers 304,
and JSON is gzipped for clients that accept it. Errors are OParl error objects.
"""

import datetime
import hashlib
import math
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Max, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views import View
from django.views.decorators.gzip import gzip_page

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
    OParlRecord,
    Paper,
    PaperAttachment,
)
from participation.oparl import serializers
from participation.oparl.publication import (
    public_consultations,
    published_attachments,
    published_papers,
)
from participation.oparl.tombstones import person_keys

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# parameter → (created or modified, comparison)
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lt"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lt"),
}
KEPT_PARAMS = (*FILTERS, "omit_internal")
SECOND = datetime.timedelta(seconds=1)


class BadRequest(Exception):
    pass


class Urls:
    """Absolute URLs of OParl objects for this request: `urls("paper", 5)`.

    `omit_internal` (OParl 1.1): the client asked to leave out the internal lists."""

    def __init__(self, request):
        self.request = request
        self.omit_internal = request.GET.get("omit_internal", "").lower() == "true"

    def __call__(self, name, *args):
        return self.request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def oparl_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def oparl_error(status, message, debug=""):
    """The OParl error object (spec §2.9), with a German message."""
    return oparl_json(
        {
            "type": serializers.oparl_type("Error"),
            "message": message,
            "debug": debug or f"HTTP {status}",
        },
        status=status,
    )


# --- effective `modified` ---------------------------------------------------------------------


def latest(queryset, path):
    """Subquery: latest `modified` of rows pointing at the outer object through `path`."""
    return Subquery(
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(latest=Max("modified"))
        .values("latest")[:1]
    )


def with_effective_modified(queryset, *children, related=()):
    """Annotate `effective_modified`: own `modified` or the latest of what the object shows of
    others — `children` (queryset, path back to the object) and `related` (paths of rows it
    points to, e.g. "committee__modified")."""
    parts = [Coalesce(latest(qs, path), F("modified")) for qs, path in children]
    parts += [Coalesce(F(path), F("modified")) for path in related]
    expression = Greatest(F("modified"), *parts) if parts else F("modified")
    return queryset.annotate(effective_modified=expression)


def parse_moment(name, value):
    """The filter's bound, cut to whole seconds (what the objects show)."""
    moment = parse_datetime(value.replace(" ", "+"))
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadRequest(
                f"{name}: bitte Datum und Uhrzeit nach ISO 8601 angeben, "
                "z. B. 2026-03-12T17:00:00+01:00."
            )
        moment = datetime.datetime.combine(day, datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.replace(microsecond=0)


def bounds(request):
    """[(created|modified, gte|lt, moment)]: `*_until` includes the whole second it names."""
    found = []
    for name, (field, lookup) in FILTERS.items():
        if request.GET.get(name):
            moment = parse_moment(name, request.GET[name])
            found.append((field, lookup, moment + SECOND if lookup == "lt" else moment))
    return found


def in_bounds(created, modified, limits):
    values = {"created": created, "modified": modified}
    return all(
        values[field] >= moment if lookup == "gte" else values[field] < moment
        for field, lookup, moment in limits
    )


# --- answering --------------------------------------------------------------------------------


def last_modified_of(data):
    value = data.get("modified") if "data" not in data else None
    parsed = parse_datetime(value) if value else None
    return parsed.timestamp() if parsed else None


@method_decorator(gzip_page, name="dispatch")
class OParlView(View):
    """Answers JSON, a tombstone for a deleted object, or an OParl error object."""

    http_method_names = ["get", "head", "options"]
    kind = None  # the ledger kind of a single-object view (tombstones.TYPES)
    key_kwarg = "pk"

    def get(self, request, *args, **kwargs):
        self.urls = Urls(request)
        try:
            data = self.data(request, *args, **kwargs)
        except BadRequest as error:
            return oparl_error(400, str(error), "bad request parameter")
        except Http404 as error:
            data = self.tombstone(kwargs)
            if data is None:
                return oparl_error(404, str(error) or "Dieses Objekt gibt es nicht.", "not found")
        return self.conditional(request, oparl_json(data), data)

    def conditional(self, request, response, data):
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        stamp = last_modified_of(data)
        if stamp is not None:
            response["Last-Modified"] = http_date(stamp)
        answer = get_conditional_response(
            request, etag=etag, last_modified=stamp and int(stamp), response=response
        )
        answer["Access-Control-Allow-Origin"] = "*"
        return answer

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = oparl_error(405, "Die OParl-Schnittstelle kann nur gelesen werden (GET).")
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response

    def tombstone(self, kwargs):
        if self.kind is None or self.key_kwarg not in kwargs:
            return None
        records = OParlRecord.objects.filter(
            kind=self.kind, key=str(kwargs[self.key_kwarg]), deleted_at__isnull=False
        )
        if "town" in kwargs and self.kind != "body":
            records = records.filter(town_slug=kwargs["town"])
        record = records.first()
        return serializers.tombstone(self.urls, record) if record else None

    def data(self, request, *args, **kwargs):
        raise NotImplementedError


class NotFoundView(OParlView):
    """Every other URL under /oparl/v1/: the OParl error object instead of the HTML page."""

    def data(self, request, rest):
        raise Http404("Unter dieser Adresse gibt es kein OParl-Objekt.")


class Source:
    """One part of a list: a queryset (or a Python list) and how to show its objects."""

    def __init__(self, rows, serialize, modified="effective_modified", created="created"):
        self.rows, self.serialize = rows, serialize
        self.modified, self.created = modified, created

    def filtered(self, limits):
        if isinstance(self.rows, list):
            return [
                r
                for r in self.rows
                if in_bounds(getattr(r, self.created), getattr(r, self.modified), limits)
            ]
        names = {"created": self.created, "modified": self.modified}
        rows = self.rows
        for field, lookup, moment in limits:
            rows = rows.filter(**{f"{names[field]}__{lookup}": moment})
        return rows.order_by("pk")


class ListView(OParlView):
    """A paginated OParl list (`data`, `pagination`, `links`): its sources one after the other,
    then, only when `modified_since` is given, the tombstones of its `kinds`."""

    kinds = ()

    def sources(self):
        raise NotImplementedError

    def tombstone_records(self):
        return OParlRecord.objects.filter(
            kind__in=self.kinds, municipality=self.municipality, deleted_at__isnull=False
        )

    def data(self, request, *args, **kwargs):
        limits = bounds(request)
        try:
            limit = min(MAX_LIMIT, max(1, int(request.GET.get("limit", DEFAULT_LIMIT))))
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError as error:
            raise BadRequest("page und limit müssen ganze Zahlen sein.") from error
        sources = self.sources()
        parts = [source.filtered(limits) for source in sources]
        serializers_ = [source.serialize for source in sources]
        if request.GET.get("modified_since"):
            parts.append(
                Source(self.tombstone_records(), None, modified="deleted_at").filtered(limits)
            )
            serializers_.append(lambda record: serializers.tombstone(self.urls, record))
        counts = [len(part) if isinstance(part, list) else part.count() for part in parts]
        total = sum(counts)
        pages = max(1, math.ceil(total / limit))
        if page > pages:
            raise Http404("Diese Seite gibt es nicht.")
        start, end, data = (page - 1) * limit, page * limit, []
        for part, count, serialize in zip(parts, counts, serializers_, strict=True):
            if start < count and end > 0:
                data += [serialize(obj) for obj in part[max(0, start) : end]]
            start, end = start - count, end - count
        return {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": self.links(request, page, pages, limit),
        }

    def links(self, request, page, pages, limit):
        params = {k: v for k, v in request.GET.items() if k in KEPT_PARAMS}
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

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


class SystemView(OParlView):
    def data(self, request):
        towns = Municipality.objects.aggregate(created=Min("created"), modified=Max("modified"))
        return serializers.system(
            self.urls,
            name="Integrationskonzept – Ratsinformationen (OParl)",
            website=request.build_absolute_uri("/"),
            license=getattr(settings, "OPARL_LICENSE", DEFAULT_LICENSE),
            created=towns["created"],
            modified=towns["modified"],
        )


def terms_prefetch():
    return Prefetch(
        "legislative_terms",
        queryset=legislative_terms().order_by("starts_on", "pk"),
    )


def bodies():
    return with_effective_modified(
        Municipality.objects.prefetch_related(terms_prefetch()),
        (LegislativeTerm.objects.all(), "municipality"),
    )


class BodyListView(ListView):
    kinds = ("body",)

    def tombstone_records(self):
        return OParlRecord.objects.filter(kind="body", deleted_at__isnull=False)

    def sources(self):
        return [Source(bodies(), self.serialize)]

    def serialize(self, obj):
        return serializers.body(self.urls, obj, obj.legislative_terms.all())


class BodyView(OParlView):
    kind, key_kwarg = "body", "town"

    def data(self, request, town):
        municipality = get_object_or_404(bodies(), slug=town)
        return serializers.body(self.urls, municipality, municipality.legislative_terms.all())


class BodyScopedListView(ListView):
    def data(self, request, town, **kwargs):
        self.municipality = get_object_or_404(Municipality, slug=town)
        return super().data(request, **kwargs)


class SimpleListView(BodyScopedListView):
    """A list of one kind of rows of the town."""

    def rows(self):
        raise NotImplementedError

    def serialize(self, obj):
        raise NotImplementedError

    def sources(self):
        return [Source(self.rows(), self.serialize)]


# --- Organization, Person, Membership, LegislativeTerm ----------------------------------------


def committees():
    return with_effective_modified(
        Committee.objects.select_related("municipality").prefetch_related(
            Prefetch("memberships", queryset=CommitteeMembership.objects.order_by("pk"))
        ),
        (CommitteeMembership.objects.all(), "committee"),
    )


class OrganizationListView(SimpleListView):
    kinds = ("organization",)

    def rows(self):
        return committees().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.organization(self.urls, obj)


class OrganizationView(OParlView):
    kind = "organization"

    def data(self, request, pk):
        return serializers.organization(self.urls, get_object_or_404(committees(), pk=pk))


def memberships():
    """With `person_key`: the person's id, the first membership under the same exact name."""
    same_person = CommitteeMembership.objects.filter(
        committee__municipality=OuterRef("committee__municipality"),
        person_name=OuterRef("person_name"),
    ).order_by("pk")
    return with_effective_modified(
        CommitteeMembership.objects.select_related("committee__municipality")
    ).annotate(person_key=Subquery(same_person.values("pk")[:1]))


class MembershipListView(SimpleListView):
    kinds = ("membership",)

    def rows(self):
        return memberships().filter(committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.membership(self.urls, obj)


class MembershipView(OParlView):
    kind = "membership"

    def data(self, request, pk):
        return serializers.membership(self.urls, get_object_or_404(memberships(), pk=pk))


class Person:
    """A person: everyone named exactly so in the town's memberships (people need no account).
    `modified` includes the deletion of a membership (its tombstone)."""

    def __init__(self, key, members, deleted_members):
        self.key, self.members = key, members
        self.name = members[0].person_name
        self.created = min(m.created for m in members)
        self.modified = max([*(m.modified for m in members), *deleted_members])


def people_of(municipality):
    """Persons of the town by id, in order of their id (three queries)."""
    members = list(
        with_effective_modified(
            CommitteeMembership.objects.filter(committee__municipality=municipality)
        )
        .select_related("committee__municipality")
        .order_by("pk")
    )
    keys = person_keys({"pk": m.pk, "person_name": m.person_name} for m in members)
    grouped = defaultdict(list)
    for member in members:
        grouped[keys[member.person_name]].append(member)
    deleted = defaultdict(list)
    for record in OParlRecord.objects.filter(
        municipality=municipality, kind="membership", deleted_at__isnull=False
    ):
        for kind, key in record.parents:
            if kind == "person":
                deleted[int(key)].append(record.deleted_at)
    return {key: Person(key, found, deleted[key]) for key, found in grouped.items()}


class PersonListView(BodyScopedListView):
    """Persons are not rows of their own; the list is built in Python (towns have few)."""

    kinds = ("person",)

    def sources(self):
        people = list(people_of(self.municipality).values())
        return [Source(people, self.serialize, modified="modified")]

    def serialize(self, person):
        return serializers.person(self.urls, self.municipality.slug, person)


class PersonView(OParlView):
    kind, key_kwarg = "person", "person"

    def data(self, request, town, person):
        municipality = get_object_or_404(Municipality, slug=town)
        found = people_of(municipality).get(person)
        if not found:
            raise Http404("Diese Person gibt es nicht.")
        return serializers.person(self.urls, town, found)


def legislative_terms():
    return with_effective_modified(LegislativeTerm.objects.select_related("municipality"))


class LegislativeTermListView(SimpleListView):
    kinds = ("legislative_term",)

    def rows(self):
        return legislative_terms().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.legislative_term(self.urls, obj)


class LegislativeTermView(OParlView):
    kind = "legislative_term"

    def data(self, request, pk):
        return serializers.legislative_term(
            self.urls, get_object_or_404(legislative_terms(), pk=pk)
        )


# --- Meeting, AgendaItem, Location ------------------------------------------------------------


def agenda_items():
    """Agenda items with what they show: the meeting's publicity, the consultation's result
    and votes, its amendments, the paper's proposal (resolutionText)."""
    return with_effective_modified(
        AgendaItem.objects.select_related("consultation__paper", "meeting").prefetch_related(
            Prefetch(
                "consultation__amendments", queryset=Amendment.objects.order_by("position", "pk")
            )
        ),
        (Amendment.objects.all(), "consultation__agenda_item"),
        related=("meeting__modified", "consultation__modified", "consultation__paper__modified"),
    )


def meetings():
    return with_effective_modified(
        CommitteeMeeting.objects.select_related("committee").prefetch_related(
            Prefetch("agenda_items", queryset=agenda_items().order_by("position", "pk"))
        ),
        (AgendaItem.objects.all(), "meeting"),
        (Consultation.objects.all(), "agenda_item__meeting"),
        (Amendment.objects.all(), "consultation__agenda_item__meeting"),
        (Paper.objects.all(), "consultations__agenda_item__meeting"),
        related=("committee__modified",),
    )


class MeetingListView(SimpleListView):
    kinds = ("meeting",)

    def rows(self):
        return meetings().filter(committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.meeting(self.urls, obj)


class OrganizationMeetingListView(SimpleListView):
    kinds = ("meeting",)

    def data(self, request, pk):
        self.committee = get_object_or_404(Committee, pk=pk)
        self.municipality = self.committee.municipality
        return ListView.data(self, request)

    def tombstone_records(self):
        return super().tombstone_records().filter(organization_key=str(self.committee.pk))

    def rows(self):
        return meetings().filter(committee=self.committee)

    def serialize(self, obj):
        return serializers.meeting(self.urls, obj)


class MeetingView(OParlView):
    kind = "meeting"

    def data(self, request, pk):
        return serializers.meeting(self.urls, get_object_or_404(meetings(), pk=pk))


class AgendaItemListView(SimpleListView):
    kinds = ("agenda_item",)

    def rows(self):
        return agenda_items().filter(meeting__committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.agenda_item(self.urls, obj, obj.meeting)


class AgendaItemView(OParlView):
    kind = "agenda_item"

    def data(self, request, pk):
        item = get_object_or_404(agenda_items(), pk=pk)
        return serializers.agenda_item(self.urls, item, item.meeting)


def locations():
    return with_effective_modified(
        CommitteeMeeting.objects.filter(is_public=True).exclude(location="")
    )


class LocationListView(SimpleListView):
    kinds = ("location",)

    def rows(self):
        return locations().filter(committee__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.location(self.urls, obj)


class LocationView(OParlView):
    kind = "location"

    def data(self, request, pk):
        return serializers.location(self.urls, get_object_or_404(locations(), pk=pk))


# --- Paper, Consultation, File ----------------------------------------------------------------


def consultations():
    return with_effective_modified(
        public_consultations().select_related("agenda_item", "meeting"),
        (Amendment.objects.all(), "consultation"),
    )


def files():
    return with_effective_modified(published_attachments())


def papers():
    return with_effective_modified(
        published_papers()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("attachments", queryset=files().order_by("position", "pk")),
            Prefetch("consultations", queryset=consultations().order_by("position", "pk")),
        ),
        (Consultation.objects.all(), "paper"),
        (PaperAttachment.objects.all(), "paper"),
        (Amendment.objects.all(), "consultation__paper"),
    )


class PaperListView(SimpleListView):
    kinds = ("paper",)

    def rows(self):
        return papers().filter(municipality=self.municipality)

    def serialize(self, obj):
        return serializers.paper(self.urls, obj)


class PaperView(OParlView):
    kind = "paper"

    def data(self, request, pk):
        return serializers.paper(self.urls, get_object_or_404(papers(), pk=pk))


def main_files():
    """The papers as their main file (no prefetching: the file shows only the paper)."""
    return with_effective_modified(
        published_papers().select_related("municipality"),
        (Consultation.objects.all(), "paper"),
        (PaperAttachment.objects.all(), "paper"),
        (Amendment.objects.all(), "consultation__paper"),
    )


class PaperMainFileView(OParlView):
    kind = "paper_main_file"

    def data(self, request, pk):
        return serializers.main_file(self.urls, get_object_or_404(main_files(), pk=pk))


class ContentView(View):
    """A file's content; when there is none, the OParl error object (not the HTML page)."""

    as_attachment = False

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404 as error:
            return oparl_error(404, str(error) or "Diese Datei gibt es nicht.", "not found")


class PaperMainFileContentView(ContentView):
    """The Vorlage as PDF: inline at accessUrl, as a download at downloadUrl."""

    def get(self, request, pk):
        paper = get_object_or_404(published_papers().select_related("municipality"), pk=pk)
        described = serializers.main_file(Urls(request), paper)
        response = HttpResponse(paper_pdf(paper, public=True), content_type="application/pdf")
        disposition = "attachment" if self.as_attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{described["fileName"]}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class ConsultationListView(SimpleListView):
    kinds = ("consultation",)

    def rows(self):
        return consultations().filter(paper__municipality=self.municipality)

    def serialize(self, obj):
        return serializers.consultation(self.urls, obj)


class ConsultationView(OParlView):
    kind = "consultation"

    def data(self, request, pk):
        return serializers.consultation(self.urls, get_object_or_404(consultations(), pk=pk))


class FileListView(BodyScopedListView):
    """The uploaded attachments, then the papers' main files (the Vorlage as PDF)."""

    kinds = ("file", "paper_main_file")

    def sources(self):
        return [
            Source(files().filter(paper__municipality=self.municipality), self.serialize),
            Source(
                main_files().filter(municipality=self.municipality),
                lambda paper: serializers.main_file(self.urls, paper),
            ),
        ]

    def serialize(self, obj):
        return serializers.file(self.urls, obj)


class FileView(OParlView):
    kind = "file"

    def data(self, request, pk):
        return serializers.file(self.urls, get_object_or_404(files(), pk=pk))


class FileContentView(ContentView):
    """accessUrl shows the file in the browser, downloadUrl offers it for saving."""

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
