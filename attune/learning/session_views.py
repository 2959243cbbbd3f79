"""Live training pages: the list, a session, booking and cancelling, and running a session."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from attune.learning import access, booking
from attune.learning.calendar import session_calendar
from attune.learning.forms import FeedbackForm, SessionForm
from attune.learning.models import Booking, BookingStatus, SessionFeedback, SessionStatus

# Feedback is taken for two weeks after a session; totals appear only after that, and only from
# ATTUNE_MIN_GROUP_SIZE answers, so that nobody can work out one answer by comparing totals over time.
FEEDBACK_OPEN_FOR = timedelta(days=14)


def feedback_closes(session):
    return session.ends_at + FEEDBACK_OPEN_FOR


def session_list(request):
    now = timezone.now()
    sessions = (
        access.visible_sessions(request.user)
        .filter(ends_at__gte=now, status=SessionStatus.SCHEDULED)
        .annotate(taken=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)))
    )
    mine = {
        b.session_id: b
        for b in Booking.objects.filter(
            learner=request.user, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
        )
    }
    rows = [{"session": s, "booking": mine.get(s.pk), "free": max(0, s.capacity - s.taken)} for s in sessions]
    return render(
        request,
        "learning/sessions/list.html",
        {"rows": rows, "can_create": access.facilitated_organisations(request.user).exists()},
    )


def session_detail(request, pk):
    session = access.get_session_or_404(request.user, pk)
    mine = access.own_booking(request.user, session)
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED)
    context = {
        "session": session,
        "booking": mine,
        "taken": confirmed.count(),
        "waiting_position": (
            session.bookings.filter(status=BookingStatus.WAITING, created_at__lt=mine.created_at).count() + 1
            if mine and mine.status == BookingStatus.WAITING
            else None
        ),
        "runs": access.can_run(request.user, session),
        "ended": session.ends_at <= timezone.now(),
    }
    context["feedback_due"] = (
        context["ended"]
        and timezone.now() < feedback_closes(session)
        and Booking.objects.filter(session=session, learner=request.user, attended=True, feedback__isnull=True).exists()
    )
    if context["runs"]:
        context["confirmed"] = confirmed.select_related("learner")
        context["waiting"] = session.bookings.filter(status=BookingStatus.WAITING).select_related("learner")
        answers = SessionFeedback.objects.filter(booking__session=session)
        totals = answers.aggregate(n=Count("id"), useful=Avg("useful"), confident=Avg("confident"))
        if totals["n"] >= settings.ATTUNE_MIN_GROUP_SIZE and timezone.now() >= feedback_closes(session):
            totals["recommend"] = round(100 * answers.filter(recommend=True).count() / totals["n"])
            context["feedback"] = totals
        context["feedback_count"] = totals["n"]
        context["min_feedback"] = settings.ATTUNE_MIN_GROUP_SIZE
        context["feedback_closes"] = feedback_closes(session)
    return render(request, "learning/sessions/detail.html", context)


@require_POST
def session_book(request, pk):
    session = access.get_session_or_404(request.user, pk)
    try:
        made = booking.booking_create(session=session, learner=request.user)
    except booking.BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        if made.status == BookingStatus.CONFIRMED:
            messages.success(request, "Your place is booked. We have emailed you a calendar entry.")
        else:
            messages.info(
                request, "The session is full, so you are on the waiting list. We will email you if a place comes up."
            )
    return redirect("learning:session", session.pk)


@require_POST
def session_cancel_booking(request, pk):
    session = access.get_session_or_404(request.user, pk)
    mine = access.own_booking(request.user, session)
    if mine is None:
        raise Http404("No booking")
    try:
        booking.booking_cancel(booking=mine)
    except booking.BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Your booking is cancelled.")
    return redirect("learning:session", session.pk)


def session_calendar_file(request, pk):
    session = access.get_session_or_404(request.user, pk)
    mine = access.own_booking(request.user, session)
    if mine is None or mine.status != BookingStatus.CONFIRMED:
        raise Http404("No place booked")
    response = HttpResponse(session_calendar(mine), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def session_create(request):
    organisations = access.facilitated_organisations(request.user)
    if not organisations.exists():
        raise Http404("Only facilitators create sessions")
    form = SessionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        session = booking.session_create(facilitator=request.user, organisation=organisation, **data)
        messages.success(request, "The session is published. People in your organisation can now book it.")
        return redirect("learning:session", session.pk)
    return render(request, "learning/sessions/form.html", {"form": form, "session": None})


def session_edit(request, pk):
    session = access.get_run_session_or_404(request.user, pk)
    if session.status == SessionStatus.CANCELLED:
        raise Http404("A cancelled session cannot be changed")
    form = SessionForm(
        request.POST or None, instance=session, organisations=access.facilitated_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "organisation"}
        # The form has already written the new values onto the instance; the service compares with
        # the stored row, so hand it a fresh copy.
        session.refresh_from_db()
        booking.session_update(session=session, actor=request.user, **data)
        messages.success(request, "Saved. Everyone with a place has been sent the updated details.")
        return redirect("learning:session", session.pk)
    return render(request, "learning/sessions/form.html", {"form": form, "session": session})


@require_POST
def session_cancel(request, pk):
    session = access.get_run_session_or_404(request.user, pk)
    booking.session_cancel(session=session, actor=request.user)
    messages.success(request, "The session is cancelled and everyone booked has been told.")
    return redirect("learning:session", session.pk)


def session_register(request, pk):
    session = access.get_run_session_or_404(request.user, pk)
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).select_related("learner")
    if request.method == "POST":
        ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        booking.attendance_record(session=session, actor=request.user, attended_ids=ids)
        messages.success(request, "The register is saved.")
        return redirect("learning:session", session.pk)
    return render(request, "learning/sessions/register.html", {"session": session, "confirmed": confirmed})


def session_feedback(request, pk):
    session = access.get_session_or_404(request.user, pk)
    attended = Booking.objects.filter(
        session=session, learner=request.user, attended=True, status=BookingStatus.CONFIRMED
    ).first()
    if attended is None or hasattr(attended, "feedback") or timezone.now() >= feedback_closes(session):
        raise Http404("No feedback to give")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                SessionFeedback.objects.create(booking=attended, **form.cleaned_data)
        except IntegrityError:
            pass  # sent twice (a double click): the first answer stands
        messages.success(request, "Thank you for your feedback.")
        return redirect("learning:session", session.pk)
    return render(request, "learning/sessions/feedback.html", {"session": session, "form": form})
