"""Texts of signing in (fi, en): sessions, throttling and single sign-on."""

TEXTS: dict[str, dict[str, str]] = {
    "signin.no_cookie": {
        "fi": "Kirjautuminen vaatii evästeen, jota selaimesi ei lähettänyt. Salli evästeet tälle "
        "sivustolle ja lataa sivu uudelleen.",
        "en": "Signing in needs a cookie that your browser did not send. Allow cookies for this "
        "site and reload the page.",
    },
    "signin.wait": {
        "fi": "Liian monta epäonnistunutta yritystä. Yritä uudelleen {seconds} sekunnin kuluttua.",
        "en": "Too many failed attempts. Try again in {seconds} seconds.",
    },
    # --- single sign-on (TRUST 10; model/sso.py) -----------------------------------------------
    "nav.sso_refused": {"fi": "Kirjautuminen", "en": "Sign-in"},
    "signin.intro_sso": {
        "fi": "Pysähdy hetkeksi miettimään, mikä tekee työstäsi merkityksellistä. "
        "Kirjaudu sisään organisaatiosi tunnuksella.",
        "en": "Take a moment to reflect on what makes your work meaningful. "
        "Sign in with your organisation's account.",
    },
    "signin.sso": {"fi": "Kirjaudu sisään: {provider}", "en": "Sign in with {provider}"},
    "signin.sso_generic": {
        "fi": "Kirjaudu sisään organisaation tunnuksella",
        "en": "Sign in with your organisation's account",
    },
    "signin.or_password": {
        "fi": "Tai kirjaudu Merkityksen omalla salasanalla:",
        "en": "Or sign in with a Merkitys password:",
    },
    "sso.signing_in": {"fi": "Kirjaudutaan sisään…", "en": "Signing in…"},
    "sso.refused.title": {
        "fi": "Et pääse Merkitykseen tällä tunnuksella",
        "en": "You cannot sign in to Merkitys with this account",
    },
    "sso.refused.who": {
        "fi": "Tunnistuspalvelu tunnisti sinut osoitteella {email}.",
        "en": "The identity provider signed you in as {email}.",
    },
    "sso.refused.no_identity": {
        "fi": "Tunnistuspalvelun vastauksesta puuttui käyttäjän tunniste. Pyydä "
        "pääkäyttäjää tarkistamaan kertakirjautumisen asetukset.",
        "en": "The identity provider's answer did not say who you are. Ask your administrator "
        "to check the single sign-on settings.",
    },
    "sso.refused.expired": {
        "fi": "Tunnistuspalvelun vastaus on vanhentunut. Kirjaudu uudelleen.",
        "en": "The identity provider's answer has expired. Please sign in again.",
    },
    "sso.refused.no_email": {
        "fi": "Tunnistuspalvelu ei kertonut sähköpostiosoitettasi, joten sinua ei löydetty "
        "henkilöstöluettelosta.",
        "en": "The identity provider did not give your e-mail address, so you could not be "
        "found in the roster.",
    },
    "sso.refused.unverified": {
        "fi": "Tunnistuspalvelu ei vahvista sähköpostiosoitettasi, joten sillä ei voi "
        "kirjautua ensimmäistä kertaa.",
        "en": "The identity provider does not vouch for your e-mail address, so it cannot be "
        "used for a first sign-in.",
    },
    "sso.refused.not_in_roster": {
        "fi": "Sähköpostiosoitettasi ei ole organisaatiosi Merkitys-henkilöstöluettelossa.",
        "en": "Your e-mail address is not in your organisation's Merkitys roster.",
    },
    "sso.refused.retired": {
        "fi": "Merkitys-tunnuksesi on poistettu käytöstä.",
        "en": "Your Merkitys account has been retired.",
    },
    "sso.refused.linked_elsewhere": {
        "fi": "Henkilöstöluettelossa tällä sähköpostiosoitteella oleva henkilö kirjautuu jo "
        "toisella tunnuksella.",
        "en": "The person with this e-mail address in the roster already signs in with "
        "another account.",
    },
    "sso.refused.help": {
        "fi": "Merkityksen käyttäjät tulevat organisaatiosi henkilöstöluettelosta: "
        "kirjautuminen ei koskaan luo uutta tiliä, ja roolisi määrätään Merkityksessä. Jos "
        "sinun kuuluisi päästä sisään, pyydä organisaatiosi Merkitys-pääkäyttäjää "
        "tarkistamaan, että olet luettelossa samalla sähköpostiosoitteella, jota "
        "tunnistuspalvelu käyttää.",
        "en": "Merkitys users come from your organisation's roster: signing in never creates "
        "an account, and your roles are set in Merkitys. If you should have access, ask your "
        "organisation's Merkitys administrator to check that you are in the roster with the "
        "same e-mail address the identity provider uses.",
    },
    "sso.refused.wrong_account": {
        "fi": "Jos kirjauduit väärällä tunnuksella, kirjaudu ulos tunnistuspalvelusta ja yritä "
        "uudelleen.",
        "en": "If you signed in with the wrong account, sign out of the identity provider and "
        "try again.",
    },
    "sso.logout": {
        "fi": "Kirjaudu ulos tunnistuspalvelusta",
        "en": "Sign out of the identity provider",
    },
}
