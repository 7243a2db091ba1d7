//! The page a prospect sees: what it offers before sending (where the
//! answers go, the contact fields), the form endpoint and the one page whose
//! security policy allows it, the home page's offer and the listings' words.

mod common;

use common::{between, TestSite};

const FIT: &str = include_str!("fixtures/checklists/fit.yaml");

fn with_send_to(send_to: &str) -> String {
    FIT.replacen(
        "title: Are we a good fit?",
        &format!("title: Are we a good fit?\nsend_to: {send_to}"),
        1,
    )
}

fn policy(html: &str) -> &str {
    between(
        html,
        r#"http-equiv="Content-Security-Policy" content=""#,
        "\"",
    )
}

#[test]
fn an_endpoint_is_allowed_by_the_policy_of_its_checklists_pages_only() {
    let site = TestSite::fixture("basic")
        .file("content/zeta/are-we-a-fit.yaml", with_send_to("https://forms.example/f/abc?x=1"))
        .file(
            "content/zeta/a-first.md",
            "---\ntitle: A first\nweight: 1\n---\n\nBefore.\n\n{{ checklist(id=\"are-we-a-fit\") }}\n",
        );
    site.build().expect(0);
    let page = site.output("zeta/are-we-a-fit/index.html");
    assert!(
        policy(&page)
            .contains("connect-src https://forms.example; form-action https://forms.example;"),
        "{}",
        policy(&page)
    );
    assert!(page.contains(
        r#"<form class="checklist" data-checklist="are-we-a-fit" action="https://forms.example/f/abc?x=1" method="post">"#
    ));
    assert!(page.contains(r#"<input type="hidden" name="checklist" value="are-we-a-fit">"#));
    assert!(page.contains(r#"<button type="submit" class="button" data-action="send""#));
    let send = between(&page, "data-contact", "</form>");
    assert!(send.contains("through forms.example"), "{send}");
    for name in ["name", "email", "message"] {
        assert!(
            send.contains(&format!(r#"name="{name}""#)),
            "no {name} field"
        );
    }
    // The article showing the checklist posts there too.
    let article = site.output("zeta/a-first/index.html");
    assert!(policy(&article).contains("connect-src https://forms.example;"));
    // Every other page keeps the strict policy.
    for other in ["index.html", "zeta/b-second/index.html", "zeta/index.html"] {
        let html = site.output(other);
        assert!(!policy(&html).contains("connect-src"), "{other}");
        assert!(policy(&html).contains("form-action 'none'"), "{other}");
    }
}

#[test]
fn an_address_opens_a_message_and_says_where_it_goes() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/are-we-a-fit.yaml",
        with_send_to("team@example.org"),
    );
    site.build().expect(0);
    let page = site.output("zeta/are-we-a-fit/index.html");
    assert!(page.contains(r#"<a class="button" data-action="send" href="mailto:team@example.org""#));
    assert!(
        page.contains(r#"<form class="checklist" data-checklist="are-we-a-fit">"#),
        "a mail checklist posts nowhere"
    );
    assert!(between(&page, "send-what", "</p>").contains("(team@example.org)"));
    assert!(policy(&page).contains("form-action 'none'"));
}

#[test]
fn contact_fields_follow_the_checklist() {
    let yaml = with_send_to("team@example.org").replacen(
        "send_to: team@example.org",
        "send_to: team@example.org\ncontact: { ask: [email, message], required: [email] }",
        1,
    );
    let site = TestSite::fixture("basic").file("content/zeta/are-we-a-fit.yaml", yaml);
    site.build().expect(0);
    let send = site.output("zeta/are-we-a-fit/index.html");
    let send = between(&send, "data-contact", "data-action=\"send\"");
    assert!(!send.contains(r#"name="name""#));
    assert!(send.contains(r#"name="email" type="text" maxlength="200" autocomplete="email" inputmode="email" required>"#), "{send}");
    assert!(send.contains(
        r#"<textarea id="Contact-message" name="message" rows="3" maxlength="1000"></textarea>"#
    ));
    assert!(send.find("Email or phone") < send.find("A line about your project"));
}

#[test]
fn sending_mistakes_are_reported_at_their_lines() {
    let yaml = with_send_to("http://example.com/answers")
        .replacen(
            "\nresults:",
            "\ncontact: { ask: [name], required: [email] }\nresults:",
            1,
        )
        .replacen("id: long-term", "id: email", 1);
    let site = TestSite::fixture("basic").file("content/zeta/are-we-a-fit.yaml", yaml);
    let run = site.build().expect(1);
    for expected in [
        "content/zeta/are-we-a-fit.yaml:5:10: error: `http://example.com/answers` is not a secure address",
        "error: `email` is required but not asked for",
        "error: `email` cannot be a question's id",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn the_home_page_offers_the_checklists_for_prospects_first() {
    let site = TestSite::example();
    site.build().expect(0);
    for (home, take, fit) in [
        (
            "index.html",
            "Take the checklist",
            "checklists/are-we-a-fit/index.html",
        ),
        (
            "it/index.html",
            "Compila la checklist",
            "checklists/are-we-a-fit/index.html",
        ),
    ] {
        let html = site.output(home);
        let main = between(&html, "<main", "</main>");
        let offers = between(main, r#"<ul class="offers">"#, "</ul>");
        assert!(offers.contains(fit), "{home}: {offers}");
        assert!(offers.contains(take));
        // The red flags are for the practice's own team: not offered.
        assert!(!offers.contains("red-flags"), "{home}");
        assert!(main.find(r#"<ul class="offers">"#) < main.find("home-section"));
    }
    let home = site.output("index.html");
    assert!(
        home.contains(r#"<p class="count">3 checklists</p>"#),
        "the checklists section counts checklists"
    );
    assert!(home.contains(r#"<p class="count">2 articles</p>"#));
    assert!(site
        .output("it/index.html")
        .contains(r#"<p class="count">3 checklist</p>"#));
}

#[test]
fn the_first_screen_holds_the_start_and_folds_the_intro() {
    let site = TestSite::example();
    site.build().expect(0);
    let page = site.output("checklists/are-we-a-fit/index.html");
    let header = between(
        &page,
        r#"<header class="page-header checklist-header">"#,
        "</header>",
    );
    assert!(
        header.contains("10 questions · about 3 minutes"),
        "{header}"
    );
    assert!(header.contains(r##"data-action="start" href="#Question-need""##));
    assert!(page.contains(r#"<fieldset class="question" id="Question-need" data-question="need">"#));
    assert!(
        between(&page, r#"<details class="checklist-intro">"#, "</details>")
            .contains("<summary>Why we ask</summary>")
    );
    let it = site.output("it/checklists/are-we-a-fit/index.html");
    assert!(it.contains("10 domande · circa 3 minuti"));
    // In an article, the start leads to the prefixed question.
    let article = site.output("choosing-clients/fewer-better/index.html");
    assert!(
        article.contains(r##"data-action="start" href="#Checklist-are-we-a-fit-Question-need""##)
    );
}

#[test]
fn a_wide_table_scrolls_in_its_own_box() {
    let site = TestSite::fixture("basic").file(
        "content/zeta/a-first.md",
        "---\ntitle: A first\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    site.build().expect(0);
    let html = site.output("zeta/a-first/index.html");
    assert!(
        html.contains(r#"<div class="table-scroll" tabindex="0"><table>"#),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>") || html.contains("</table></div>"));
}
