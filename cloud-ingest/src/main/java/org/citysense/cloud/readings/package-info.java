/** The read side: stored readings by device and time, latest values by station. */
package org.citysense.cloud.readings;
