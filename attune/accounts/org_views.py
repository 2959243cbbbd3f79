"""Teams for everyone, and the organisation admin's pages for teams, people, roles and invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from attune.accounts import access, services
from attune.accounts.forms import InvitationForm, RoleForm, TeamForm
from attune.accounts.models import Invitation, Membership, User
from attune.accounts.selectors import teams_looked_after_with_sizes
from attune.audit.models import AuditAction
from attune.audit.selectors import audit_events_for_organisation
from attune.audit.services import audit_record


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def teams_index(request):
    user = request.user
    my_memberships = user.memberships.select_related("organisation", "team")
    looked_after = teams_looked_after_with_sizes(user)
    return render(
        request,
        "organisations/teams_index.html",
        {
            "memberships": my_memberships,
            "looked_after": looked_after,
            "administered": access.administered_organisations(user),
        },
    )


def team_detail(request, org_slug: str, team_slug: str):
    team = access.get_team_or_404(request.user, org_slug, team_slug)
    members = None
    if access.can_see_team_members(request.user, team):
        members = Membership.objects.filter(team=team).select_related("user").order_by("user__display_name", "role")
    return render(request, "organisations/team_detail.html", {"team": team, "members": members})


def organisation_detail(request, org_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    teams = organisation.teams.annotate(people=Count("memberships__user", distinct=True))
    organisation_roles = (
        Membership.objects.filter(organisation=organisation, team__isnull=True)
        .select_related("user")
        .order_by("role", "user__display_name")
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "teams": teams,
            "organisation_roles": organisation_roles,
            "people": User.objects.filter(memberships__organisation=organisation).distinct().count(),
            "pending_invitations": organisation.invitations.pending().count(),
        },
    )


def team_create(request, org_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(organisation=organisation, name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{team.name} is set up. Invite people to join it.")
            return redirect("accounts:organisation_detail", org_slug=organisation.slug)
    return render(request, "organisations/team_form.html", {"organisation": organisation, "form": form})


def team_edit(request, org_slug: str, team_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    team = get_object_or_404(organisation.teams, slug=team_slug)
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_rename(team=team, name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The team's name is changed.")
            return redirect("accounts:organisation_detail", org_slug=organisation.slug)
    return render(request, "organisations/team_form.html", {"organisation": organisation, "form": form, "team": team})


def member_list(request, org_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__display_name", "user_id", "team__name", "role")
    )
    people: dict[int, dict] = {}
    for membership in memberships:
        entry = people.setdefault(membership.user_id, {"user": membership.user, "roles": []})
        entry["roles"].append(membership)
    return render(
        request, "organisations/member_list.html", {"organisation": organisation, "people": list(people.values())}
    )


def member_detail(request, org_slug: str, user_id: int):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    person = access.get_member_or_404(request.user, organisation, user_id)
    form = RoleForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(
                user=person,
                organisation=organisation,
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{person.display_name}'s roles are updated.")
            return redirect("accounts:member_detail", org_slug=organisation.slug, user_id=person.pk)
    elif request.method == "GET":
        audit_record(
            actor=request.user, action=AuditAction.VIEWED, obj=person, organisation=organisation, detail="member page"
        )
    # Only the roles held here: an admin never learns what a person does in another organisation.
    roles = Membership.objects.filter(organisation=organisation, user=person).select_related("team")
    return render(
        request,
        "organisations/member_detail.html",
        {"organisation": organisation, "person": person, "roles": roles, "form": form},
    )


@require_POST
def membership_remove(request, org_slug: str, membership_id: int):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=membership_id, organisation=organisation
    )
    try:
        services.membership_revoke(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{membership.user.display_name} is no longer {membership.get_role_display().lower()}."
        )
    if Membership.objects.filter(organisation=organisation, user=membership.user).exists():
        return redirect("accounts:member_detail", org_slug=organisation.slug, user_id=membership.user_id)
    return redirect("accounts:member_list", org_slug=organisation.slug)


@require_POST
def member_two_factor_reset(request, org_slug: str, user_id: int):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    person = access.get_member_or_404(request.user, organisation, user_id)
    try:
        removed = services.two_factor_reset(user=person, organisation=organisation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if removed:
            messages.success(
                request, f"{person.display_name} will set up two-factor sign-in again when they next sign in."
            )
        else:
            messages.info(request, f"{person.display_name} had no two-factor sign-in to reset.")
    return redirect("accounts:member_detail", org_slug=organisation.slug, user_id=person.pk)


def invitation_list(request, org_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
                invited_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"An invitation is on its way to {invitation.email}.")
            return redirect("accounts:invitation_list", org_slug=organisation.slug)
    invitations = organisation.invitations.select_related("team", "invited_by").filter(
        Q(accepted_at__isnull=True) & Q(revoked_at__isnull=True)
    )
    return render(
        request,
        "organisations/invitation_list.html",
        {
            "organisation": organisation,
            "form": form,
            "invitations": invitations,
            "invitation_days": settings.ATTUNE_INVITATION_DAYS,
        },
    )


@require_POST
def invitation_revoke(request, org_slug: str, invitation_id: int):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.headers.get("HX-Request"):
            # Enhanced with htmx: replace just this row; without JavaScript the whole page reloads.
            invitation.refresh_from_db()
            return render(
                request,
                "organisations/_invitation_row.html",
                {"organisation": organisation, "invitation": invitation},
            )
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("accounts:invitation_list", org_slug=organisation.slug)


def audit_log(request, org_slug: str):
    organisation = access.get_administered_organisation_or_404(request.user, org_slug)
    return render(
        request,
        "organisations/audit_log.html",
        {"organisation": organisation, "entries": audit_events_for_organisation(organisation)},
    )
