-- Single sign-on: a sign-in sent to the OpenID provider, waiting for its answer (at most ten
-- minutes). The state is the key the provider sends back; the PKCE verifier and the nonce
-- prove the answer belongs to this sign-in.
create table sso_attempt (
    state text primary key,
    verifier text not null,
    nonce text not null,
    next text not null,
    created_at bigint not null
);
create index sso_attempt_created on sso_attempt (created_at);
