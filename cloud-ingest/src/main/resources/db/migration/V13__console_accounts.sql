-- Named accounts for people who sign in to the console, with the same roles and scopes as tokens
-- (an operator or viewer names its unit or all units; a family its households), and their
-- sessions, kept here so that every node of a cluster accepts them. Only hashes are stored:
-- the password's (bcrypt) and the session cookie's (SHA-256).

CREATE TABLE accounts (
    username      VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    unit_id       VARCHAR(64)  REFERENCES units (id),
    all_units     BOOLEAN      NOT NULL DEFAULT FALSE,
    disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE account_households (
    username     VARCHAR(64) NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    household_id VARCHAR(64) NOT NULL REFERENCES households (id),
    PRIMARY KEY (username, household_id)
);

CREATE TABLE sessions (
    id         VARCHAR(64) PRIMARY KEY,
    hash       CHAR(64)    NOT NULL UNIQUE,
    username   VARCHAR(64) NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    csrf       VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_username ON sessions (username);
