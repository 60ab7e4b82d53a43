/** Who may do what: tokens, their roles and units, the first admin token, gateway enrollment. */
package org.citysense.cloud.auth;
