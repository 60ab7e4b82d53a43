package org.citysense.cloud.notify;

/**
 * A family contact or unit staff member as given, before {@link RecipientChecks} looks at it: the
 * body of {@code POST /api/v1/households/{id}/contacts} and {@code POST /api/v1/units/{id}/staff}.
 *
 * @param role {@code grid_worker} or {@code staff} for a unit's people; for a household contact
 *     absent or {@code family}
 * @param name required, at most 200 characters
 * @param phone E.164; a {@code +86} number must be a mainland mobile ({@code +861[3-9]} and 9 more
 *     digits). Spaces and hyphens are dropped. Phone or push token, at least one
 * @param pushToken the push provider's device token
 * @param language {@code zh} (the default) or {@code en}
 * @param quietHours {@code HH:MM-HH:MM}, e.g. {@code 22:00-07:00}; or give {@code quietFrom} and
 *     {@code quietTo} instead
 * @param consent whether the person agreed to be notified; absent means no. A contact without
 *     consent is stored but nothing is sent to it
 */
public record RecipientForm(
    String role,
    String name,
    String phone,
    String pushToken,
    String language,
    String quietHours,
    String quietFrom,
    String quietTo,
    Boolean consent) {}
