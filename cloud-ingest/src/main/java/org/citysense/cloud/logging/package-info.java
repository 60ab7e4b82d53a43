/** What the service's log leaves out: start-up lines nobody can act on. */
package org.citysense.cloud.logging;
