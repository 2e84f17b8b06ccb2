//! Issue 19: sentences and labels read as clauses (who does what with whose data, and
//! which way it goes), not as flat phrase lists. Each case is one shape; the wording is
//! ours, written to show the shape, not taken from the held-out pages.

use untick::{audit, Category, Control, Finding, Recipient};

const URL: &str = "https://portal.example-programme.co.uk/dashboard";

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>Home</title></head><body><main>{body}</main></body></html>")
}

fn findings(body: &str) -> Vec<Finding> {
    audit(&page(body), URL).findings
}

/// A sentence alone on a page: the category it is read as, with its recipients.
fn statement(sentence: &str) -> Option<(Category, Vec<Recipient>)> {
    let found = findings(&format!("<p id=\"s\">{sentence}</p>"));
    assert!(found.len() <= 1, "{sentence}: {found:#?}");
    found.first().map(|f| {
        assert_eq!(f.control, Control::Statement, "{sentence}");
        (f.category, f.recipients.clone())
    })
}

/// A ticked box with this label: the category it is read as.
fn ticked(label: &str) -> Option<Category> {
    let found = findings(&format!(
        "<form><input type=\"checkbox\" id=\"c\" checked><label for=\"c\">{label}</label></form>"
    ));
    assert!(found.len() <= 1, "{label}: {found:#?}");
    found.first().map(|f| f.category)
}

#[test]
fn issue_19_recipients_as_subject_of_seeing_or_receiving() {
    use Recipient::*;
    for (sentence, who) in [
        (
            "Your employment navigator has sight of your job log.",
            vec![Provider],
        ),
        (
            "Staff delivering your programme may look over the activity you carry out here.",
            vec![Provider],
        ),
        (
            "Your mentor and your work coach will keep each other updated on your progress.",
            vec![Provider, Dwp],
        ),
        (
            "The programme delivery team reviews the applications you make each week.",
            vec![Provider],
        ),
        (
            "Your work coach receives a weekly summary of your job search.",
            vec![Dwp],
        ),
    ] {
        let (category, recipients) =
            statement(sentence).unwrap_or_else(|| panic!("not read: {sentence}"));
        assert_eq!(category, Category::AdviserAccess, "{sentence}");
        for r in who {
            assert!(recipients.contains(&r), "{sentence}: {recipients:?}");
        }
    }
}

#[test]
fn issue_19_data_given_or_made_available_to_a_recipient() {
    for (sentence, category) in [
        (
            "Your record on this platform is made available to the people supporting you.",
            Category::AdviserAccess,
        ),
        (
            "We pass the details of your job search to your work coach every month.",
            Category::AdviserAccess,
        ),
        (
            "Your CV can be viewed by employers using our candidate search.",
            Category::PublicProfile,
        ),
        (
            "Your contact details are passed on to local colleges offering courses.",
            Category::ThirdPartySharing,
        ),
        (
            "We will keep your work coach informed about your attendance.",
            Category::AdviserAccess,
        ),
    ] {
        let read = statement(sentence).map(|(c, _)| c);
        assert_eq!(read, Some(category), "{sentence}");
    }
}

#[test]
fn issue_19_the_reader_seeing_or_being_sent_something_is_not_access() {
    for sentence in [
        "Here you can see your plan and book time with your adviser.",
        "You can view the notes your work coach has shared with you.",
        "Your adviser will send you a reminder before each appointment.",
        "DWP will email you about changes to your claim.",
        "Your adviser has asked to see your CV at your next appointment.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    for label in [
        "I would like to receive DWP email updates about my claim",
        "Send me a text when my work coach books an appointment",
    ] {
        assert_eq!(ticked(label), None, "{label}");
    }
}

#[test]
fn issue_19_roles_need_a_qualifier_and_a_help_desk_is_not_the_programme() {
    // "team" alone, or a site's customer support team, is not the programme's people.
    assert_eq!(
        statement("Our customer support team can see your account when you ask for help."),
        None
    );
    assert_eq!(ticked("Let the team see my applications"), None);
    assert_eq!(
        ticked("Let the delivery team see my applications"),
        Some(Category::AdviserAccess)
    );
}

#[test]
fn issue_19_verb_forms_are_matched_as_families() {
    // -ing, -ies and doubled consonants, without listing each form.
    assert_eq!(
        ticked("Allow copying my CV to my key worker"),
        Some(Category::AdviserAccess)
    );
    assert_eq!(
        statement("Your adviser is reviewing the jobs you applied for.").map(|(c, _)| c),
        Some(Category::AdviserAccess)
    );
}
