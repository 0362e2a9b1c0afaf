"""Texts of accounts (fi, en): the set-password page, password links and their e-mail."""

TEXTS: dict[str, dict[str, str]] = {
    "nav.set_password": {"fi": "Aseta salasana", "en": "Set your password"},
    # --- the set-password page -----------------------------------------------------------------
    "accounts.title": {"fi": "Aseta salasana", "en": "Set your password"},
    "accounts.greeting": {
        "fi": "Hei {name}! Valitse salasana, jolla kirjaudut jatkossa Merkitykseen.",
        "en": "Hello {name}! Choose the password you will sign in to Merkitys with.",
    },
    "accounts.policy": {
        "fi": "Salasanassa on oltava vähintään {min} merkkiä; muutaman sanan lause on hyvä "
        "salasana. Hyvin yleisiä salasanoja, nimeäsi tai sähköpostiosoitettasi ei hyväksytä.",
        "en": "A password needs at least {min} characters; a phrase of a few words makes a good "
        "one. Very common passwords, your name and your e-mail address are not accepted.",
    },
    "accounts.password": {"fi": "Uusi salasana", "en": "New password"},
    "accounts.repeat": {"fi": "Salasana uudelleen", "en": "Repeat the password"},
    "accounts.submit": {
        "fi": "Tallenna salasana ja kirjaudu",
        "en": "Save the password and sign in",
    },
    "accounts.mismatch": {
        "fi": "Salasanat eivät ole samat. Kirjoita sama salasana kumpaankin kenttään.",
        "en": "The passwords do not match. Type the same password in both fields.",
    },
    "accounts.to_signin": {"fi": "Siirry kirjautumaan", "en": "Go to sign-in"},
    # --- for the admin who issues links (the People page) --------------------------------------
    "accounts.issue.set": {"fi": "Tee salasanalinkki", "en": "Make a password link"},
    "accounts.issue.reset": {
        "fi": "Nollaa salasana (uusi linkki)",
        "en": "Reset the password (new link)",
    },
    "accounts.delivery.emailed": {
        "fi": "Linkki lähetettiin henkilölle sähköpostilla. Voit myös kopioida sen tästä:",
        "en": "The link was e-mailed to the person. You can also copy it here:",
    },
    "accounts.delivery.copy": {
        "fi": "Kopioi linkki ja toimita se henkilölle itse. Se toimii kerran, {until} asti; "
        "henkilön aiemmat linkit lakkasivat toimimasta.",
        "en": "Copy the link and give it to the person yourself. It works once, until {until}; "
        "the person's earlier links stopped working.",
    },
    "accounts.delivery.mail_failed": {
        "fi": "Sähköpostia ei saatu lähetettyä, mutta linkki on voimassa. Kopioi se ja toimita "
        "se henkilölle itse:",
        "en": "The e-mail could not be sent, but the link works. Copy it and give it to the "
        "person yourself:",
    },
    # --- errors (model.accounts.AccountError codes) --------------------------------------------
    "error.link_invalid": {
        "fi": "Linkki ei ole voimassa: se on ehkä jo käytetty tai vanhentunut, tai tilalle on "
        "tehty uusi. Pyydä pääkäyttäjältä uusi linkki tai kirjaudu salasanallasi.",
        "en": "This link is not valid: it may have been used or have expired, or a newer one "
        "replaced it. Ask an administrator for a new link, or sign in with your password.",
    },
    "error.password_too_short": {
        "fi": "Salasana on liian lyhyt: siinä on oltava vähintään {min} merkkiä.",
        "en": "The password is too short: it needs at least {min} characters.",
    },
    "error.password_too_long": {
        "fi": "Salasana on liian pitkä: siinä voi olla enintään {max} merkkiä.",
        "en": "The password is too long: it may have at most {max} characters.",
    },
    "error.password_common": {
        "fi": "Salasana on liian yleinen tai helppo arvata. Valitse jokin muu, esimerkiksi "
        "muutaman sanan lause.",
        "en": "The password is too common or easy to guess. Choose another one, such as a "
        "phrase of a few words.",
    },
    "error.password_personal": {
        "fi": "Salasana on tehty nimestäsi tai sähköpostiosoitteestasi. Valitse jokin muu.",
        "en": "The password is made of your name or e-mail address. Choose another one.",
    },
    "error.mail_failed": {
        "fi": "Sähköpostia ei saatu lähetettyä. Linkki on silti voimassa: kopioi se ja toimita "
        "se henkilölle itse.",
        "en": "The e-mail could not be sent. The link still works: copy it and give it to the "
        "person yourself.",
    },
    "error.account_person_unknown": {"fi": "Henkilöä ei löydy.", "en": "The person is not found."},
    "error.account_person_retired": {
        "fi": "Henkilö on poistettu käytöstä, joten hänelle ei tehdä salasanalinkkiä.",
        "en": "The person has been retired, so no password link is made for them.",
    },
    "error.account_purpose_unknown": {
        "fi": "Linkin tarkoitus on tuntematon.",
        "en": "Unknown purpose for a link.",
    },
    # --- the e-mail ------------------------------------------------------------------------------
    "accounts.mail.subject.set": {
        "fi": "Merkitys: aseta salasanasi",
        "en": "Merkitys: set your password",
    },
    "accounts.mail.subject.reset": {
        "fi": "Merkitys: salasanasi vaihto",
        "en": "Merkitys: reset your password",
    },
    "accounts.mail.body.set": {
        "fi": "Hei {name},\n\n"
        "sinulle on avattu tunnus Merkitykseen. Aseta salasanasi tästä linkistä:\n\n"
        "{link}\n\n"
        "Linkki toimii kerran ja {days} päivän ajan. Salasanassa on oltava vähintään {min} "
        "merkkiä.\n\n"
        "Jos et odottanut tätä viestiä, voit jättää sen huomiotta.\n\n"
        "Merkitys\n",
        "en": "Hello {name},\n\n"
        "an account in Merkitys has been opened for you. Set your password with this link:\n\n"
        "{link}\n\n"
        "The link works once, for {days} days. A password needs at least {min} characters.\n\n"
        "If you did not expect this message, you can ignore it.\n\n"
        "Merkitys\n",
    },
    "accounts.mail.body.reset": {
        "fi": "Hei {name},\n\n"
        "pääkäyttäjä on tehnyt sinulle linkin uuden salasanan asettamiseen:\n\n"
        "{link}\n\n"
        "Linkki toimii kerran ja {hours} tunnin ajan. Vanha salasanasi toimii, kunnes asetat "
        "uuden. Salasanassa on oltava vähintään {min} merkkiä.\n\n"
        "Jos et pyytänyt uutta salasanaa, kerro siitä pääkäyttäjälle.\n\n"
        "Merkitys\n",
        "en": "Hello {name},\n\n"
        "an administrator has made you a link to set a new password:\n\n"
        "{link}\n\n"
        "The link works once, for {hours} hours. Your old password works until you set a new "
        "one. A password needs at least {min} characters.\n\n"
        "If you did not ask for a new password, tell an administrator.\n\n"
        "Merkitys\n",
    },
}
