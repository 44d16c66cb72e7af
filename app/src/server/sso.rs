//! Single sign-on with OpenID Connect: the authorisation code flow with PKCE. The provider is
//! found from its issuer URL on first use, so Chorus starts even while it is unreachable.
//! People are matched by verified email, or created as members; department, region and manager
//! come from configurable claims when the provider sends them.

use std::{collections::HashMap, fmt};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use openidconnect::{
    core::{CoreClient, CoreProviderMetadata, CoreResponseType},
    reqwest, AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;
use tokio::sync::OnceCell;

use super::db::{self, people::PersonRecord, Db};
use crate::{
    domain::EmailAddress,
    error::AppError,
    model::{Role, SsoProblem},
};

/// A sign-in started on the provider must come back within this time.
const ATTEMPT_MS: i64 = 10 * 60_000;

/// Holds the state of the sign-in this browser started. The provider's answer is accepted only
/// in the same browser, so nobody can sign someone else in to their own account by sending
/// them a callback link (login CSRF).
pub const BROWSER_COOKIE: &str = "chorus_sso";

/// The `Set-Cookie` value binding a sign-in to this browser; an empty state clears it.
pub fn browser_cookie(state: &str, secure: bool) -> String {
    let max_age = if state.is_empty() {
        0
    } else {
        ATTEMPT_MS / 1000
    };
    let secure = if secure { "; Secure" } else { "" };
    format!("{BROWSER_COOKIE}={state}; Path=/api/sso; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// How Chorus reaches the company's OpenID provider, from the configuration.
#[derive(Clone)]
pub struct SsoSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// On the button: "Sign in with {label}".
    pub label: String,
    pub scopes: Vec<String>,
    pub department_claim: String,
    pub region_claim: String,
    /// A claim holding the manager's email address.
    pub manager_claim: String,
}

impl fmt::Debug for SsoSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// The client after discovery: authorisation endpoint known; token and user-info endpoints
/// as the provider announced them.
type ProviderClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a single sign-on did not work: something to tell the person, or our own failure.
#[derive(Debug)]
pub enum SsoFailure {
    Problem(SsoProblem),
    Internal(AppError),
}

impl From<AppError> for SsoFailure {
    fn from(error: AppError) -> Self {
        Self::Internal(error)
    }
}

impl From<sqlx::Error> for SsoFailure {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// What the provider vouches for about the person signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub email: String,
    pub name: Option<String>,
    pub department: Option<String>,
    pub region: Option<String>,
    pub manager_email: Option<String>,
}

pub struct Sso {
    settings: SsoSettings,
    redirect: RedirectUrl,
    http: reqwest::Client,
    metadata: OnceCell<CoreProviderMetadata>,
}

impl Sso {
    /// `base_url` is Chorus's public address; the provider sends people back to its callback.
    pub fn new(settings: SsoSettings, base_url: &str) -> Result<Self, String> {
        IssuerUrl::new(settings.issuer.clone())
            .map_err(|error| format!("CHORUS_OIDC_ISSUER: {error}"))?;
        let redirect = RedirectUrl::new(format!("{base_url}/api/sso/callback"))
            .map_err(|error| format!("CHORUS_BASE_URL: {error}"))?;
        // No redirects: a provider endpoint that redirects could send the code elsewhere.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|error| format!("single sign-on HTTP client: {error}"))?;
        Ok(Self {
            settings,
            redirect,
            http,
            metadata: OnceCell::new(),
        })
    }

    pub fn label(&self) -> &str {
        &self.settings.label
    }

    fn unreachable(&self, error: impl fmt::Display) -> SsoFailure {
        tracing::warn!(%error, issuer = %self.settings.issuer, "OpenID provider unreachable");
        SsoFailure::Problem(SsoProblem::Unreachable)
    }

    fn refused(&self, what: &str, error: impl fmt::Display) -> SsoFailure {
        tracing::warn!(%error, "single sign-on: {what}");
        SsoFailure::Problem(SsoProblem::NotConfirmed)
    }

    async fn client(&self) -> Result<(ProviderClient, &CoreProviderMetadata), SsoFailure> {
        let metadata = self
            .metadata
            .get_or_try_init(|| async {
                let issuer = IssuerUrl::new(self.settings.issuer.clone())
                    .map_err(|error| self.unreachable(error))?;
                CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|error| self.unreachable(error))
            })
            .await?;
        let client = CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone());
        Ok((client, metadata))
    }

    /// Where to send the browser to sign in, and the sign-in's state (for [`browser_cookie`]);
    /// remembers the attempt so only its own answer is accepted. `next` is where to go after.
    pub async fn start(
        &self,
        db: &Db,
        next: &str,
        now: i64,
    ) -> Result<(String, String), SsoFailure> {
        let (client, _) = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self
            .settings
            .scopes
            .iter()
            .filter(|scope| *scope != "openid")
        {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        db::sso::insert_attempt(
            db.writer(),
            state.secret(),
            verifier.secret(),
            nonce.secret(),
            next,
            now,
        )
        .await?;
        Ok((url.to_string(), state.secret().clone()))
    }

    /// The provider sent the browser back with `code` for the attempt `state`: exchanges it,
    /// verifies the ID token and returns who signed in and where they were going.
    pub async fn finish(
        &self,
        db: &Db,
        state: &str,
        code: &str,
        now: i64,
    ) -> Result<(Identity, String), SsoFailure> {
        let attempt = db::sso::take_attempt(db.writer(), state, now - ATTEMPT_MS)
            .await?
            .ok_or(SsoFailure::Problem(SsoProblem::Expired))?;
        let (client, metadata) = self.client().await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| self.unreachable(error))?
            .set_pkce_verifier(PkceCodeVerifier::new(attempt.verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| self.refused("the code was not accepted", error))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| self.refused("no ID token", "token response without id_token"))?;
        let verified = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(attempt.nonce))
            .map_err(|error| self.refused("the ID token did not verify", error))?;
        // The signature is verified above; its payload also holds the organisation's claims.
        let mut claims = jwt_payload(&id_token.to_string());
        if let Some(endpoint) = metadata.userinfo_endpoint() {
            let userinfo: HashMap<String, Value> = self
                .http
                .get(endpoint.url().as_str())
                .bearer_auth(tokens.access_token().secret())
                .send()
                .await
                .and_then(|response| response.error_for_status())
                .map_err(|error| self.unreachable(error))?
                .bytes()
                .await
                .map_err(|error| self.unreachable(error))
                .and_then(|body| {
                    serde_json::from_slice(&body)
                        .map_err(|error| self.refused("unreadable user info", error))
                })?;
            // User info about someone else is ignored (OpenID Connect Core 5.3.2).
            if userinfo.get("sub").and_then(Value::as_str) == Some(verified.subject().as_str()) {
                for (name, value) in userinfo {
                    claims.entry(name).or_insert(value);
                }
            }
        }
        let identity = self.identity(&claims)?;
        Ok((identity, attempt.next))
    }

    fn identity(&self, claims: &HashMap<String, Value>) -> Result<Identity, SsoFailure> {
        let text = |name: &str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let email = text("email")
            .ok_or_else(|| self.refused("no email address", "the provider sent no email claim"))?;
        let email = EmailAddress::parse(&email)
            .map_err(|error| self.refused("an email address Chorus cannot use", error))?
            .as_str()
            .to_owned();
        if claims.get("email_verified").and_then(Value::as_bool) != Some(true) {
            tracing::warn!(%email, "single sign-on: email not verified by the provider");
            return Err(SsoFailure::Problem(SsoProblem::Unverified));
        }
        Ok(Identity {
            email,
            name: text("name"),
            department: text(&self.settings.department_claim),
            region: text(&self.settings.region_claim),
            manager_email: text(&self.settings.manager_claim),
        })
    }
}

/// The claims in a JWT's payload (the middle part); empty when it cannot be read.
fn jwt_payload(jwt: &str) -> HashMap<String, Value> {
    jwt.split('.')
        .nth(1)
        .and_then(|payload| URL_SAFE_NO_PAD.decode(payload).ok())
        .and_then(|json| serde_json::from_slice(&json).ok())
        .unwrap_or_default()
}

/// The person who signed in: found by email, or created as a member. What the provider says
/// about department, region and manager replaces what was stored; what it does not say stays.
pub async fn person_for(db: &Db, identity: &Identity, now: i64) -> Result<i64, SsoFailure> {
    let manager_id = match &identity.manager_email {
        Some(email) => db::people::id_by_email(db.reader(), email).await?,
        None => None,
    };
    let existing = db::people::find_login(db.reader(), &identity.email).await?;
    match existing {
        Some(login) if login.deactivated_at.is_some() => {
            Err(SsoFailure::Problem(SsoProblem::Deactivated))
        }
        Some(login) => {
            let Some(stored) = db::people::find(db.reader(), login.person_id).await? else {
                return Err(SsoFailure::Problem(SsoProblem::Expired));
            };
            // A manager Chorus does not know (yet) leaves the stored one in place.
            let manager_id = match (manager_id, &stored.manager_email) {
                (Some(id), _) => Some(id),
                (None, Some(email)) => db::people::id_by_email(db.reader(), email).await?,
                (None, None) => None,
            };
            let record = PersonRecord {
                display_name: stored.display_name,
                email: stored.email,
                role: stored.role,
                department: identity.department.clone().unwrap_or(stored.department),
                region: identity.region.clone().unwrap_or(stored.region),
                manager_id,
            };
            db::people::update_profile(db.writer(), login.person_id, &record, now).await?;
            Ok(login.person_id)
        }
        None => {
            let record = PersonRecord {
                display_name: identity.name.clone().unwrap_or_else(|| {
                    identity
                        .email
                        .split('@')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                }),
                email: identity.email.clone(),
                role: Role::Member,
                department: identity.department.clone().unwrap_or_default(),
                region: identity.region.clone().unwrap_or_default(),
                manager_id,
            };
            Ok(db::people::insert(db.writer(), &record, now).await?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::{fresh_db, members};

    fn identity(email: &str) -> Identity {
        Identity {
            email: email.into(),
            name: Some("Noa Peretz".into()),
            department: Some("Research".into()),
            region: None,
            manager_email: None,
        }
    }

    #[tokio::test]
    async fn a_new_person_is_created_and_a_known_one_updated_from_the_claims() {
        let test = fresh_db().await;
        let db = &test.db;
        let known = members(db, 1).await[0];
        let manager = db::people::find(db.reader(), known).await.unwrap().unwrap();

        let mut new = identity("noa@chorus.test");
        new.manager_email = Some(manager.email.clone());
        let noa = person_for(db, &new, 1).await.unwrap();
        let stored = db::people::find(db.reader(), noa).await.unwrap().unwrap();
        assert_eq!(
            (
                stored.display_name.as_str(),
                stored.role,
                stored.department.as_str()
            ),
            ("Noa Peretz", Role::Member, "Research")
        );
        assert_eq!(stored.manager_email, Some(manager.email.clone()));

        // Signing in again with fewer claims keeps what the provider no longer says.
        let mut again = identity("noa@chorus.test");
        again.department = None;
        again.region = Some("APAC".into());
        assert_eq!(person_for(db, &again, 2).await.unwrap(), noa);
        let stored = db::people::find(db.reader(), noa).await.unwrap().unwrap();
        assert_eq!(
            (stored.department.as_str(), stored.region.as_str()),
            ("Research", "APAC")
        );
        assert_eq!(stored.manager_email, Some(manager.email));
    }

    #[tokio::test]
    async fn a_deactivated_person_cannot_sign_in_with_the_company_account() {
        let test = fresh_db().await;
        let db = &test.db;
        let person = members(db, 1).await[0];
        let email = db::people::find(db.reader(), person)
            .await
            .unwrap()
            .unwrap()
            .email;
        db::people::set_deactivated(db.writer(), person, Some(5))
            .await
            .unwrap();
        assert!(matches!(
            person_for(db, &identity(&email), 6).await,
            Err(SsoFailure::Problem(SsoProblem::Deactivated))
        ));
    }

    #[test]
    fn the_claims_of_a_token_are_read_from_its_middle_part() {
        let payload = URL_SAFE_NO_PAD.encode(r#"{"email":"a@b.c","department":"HR"}"#);
        let claims = jwt_payload(&format!("header.{payload}.signature"));
        assert_eq!(claims["department"], "HR");
        assert!(jwt_payload("not a token").is_empty());
    }

    #[test]
    fn problems_travel_as_codes_and_come_back() {
        for problem in [
            SsoProblem::Unverified,
            SsoProblem::Expired,
            SsoProblem::Internal,
        ] {
            assert_eq!(SsoProblem::parse(problem.code()), Some(problem));
        }
        assert_eq!(SsoProblem::parse("<script>"), None);
    }
}
