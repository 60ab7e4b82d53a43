/** What the cloud remembers of deliveries, in the relational store. */
package org.citysense.cloud.ledger;
