/** What the features share: running background jobs and converting core data for the views. */
package org.contrastlab.app.common;
