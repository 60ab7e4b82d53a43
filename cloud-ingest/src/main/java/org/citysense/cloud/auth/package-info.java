/**
 * Who may do what: tokens, their roles and units, the first admin token, gateway enrollment, the
 * console's accounts and their sessions.
 */
package org.citysense.cloud.auth;
