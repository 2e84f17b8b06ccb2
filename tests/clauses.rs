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

/// Data named with no "your": data about a person, data a site keeps, and a site's pool
/// of people's CVs count as the reader's; "the data" or "information" counts only where
/// the sentence has someone else give it to someone.
#[test]
fn issue_19_data_with_no_owner_word() {
    use Recipient::*;
    for (sentence, category, who) in [
        (
            "The data will be passed on to DWP each month.",
            Category::AdviserAccess,
            Dwp,
        ),
        (
            "We may pass information to third parties who help us run the service.",
            Category::ThirdPartySharing,
            ThirdParty,
        ),
        (
            "Personal details are forwarded to colleges and training providers in your area.",
            Category::ThirdPartySharing,
            ThirdParty,
        ),
        (
            "The information we hold may be shared within our group of companies.",
            Category::ThirdPartySharing,
            ThirdParty,
        ),
        (
            "From time to time we disclose your personal data to our agents.",
            Category::ThirdPartySharing,
            ThirdParty,
        ),
        (
            "Recruiters routinely search our CV database for people like you.",
            Category::PublicProfile,
            Employer,
        ),
    ] {
        let (found, recipients) =
            statement(sentence).unwrap_or_else(|| panic!("not read: {sentence}"));
        assert_eq!(found, category, "{sentence}");
        assert!(recipients.contains(&who), "{sentence}: {recipients:?}");
    }
    for sentence in [
        // The reader is who gives: a job's duty or their own act.
        "You will share information with colleagues and partner organisations.",
        // About no one.
        "We publish aggregated data on programme outcomes with our partners.",
        "We may share anonymised information with selected third parties.",
        // Told to do something, not told what happens.
        "Search our candidate database and share shortlists with employers.",
        // Data with no one it goes to.
        "The information on this page was last updated in May.",
        // A setting described, not an announcement.
        "This setting controls whether your CV can be viewed by employers.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
}

/// "Your profile will be searchable": with no one named, anyone may find it.
#[test]
fn issue_19_open_to_anyone_when_no_one_is_named() {
    let (category, recipients) = statement("Once it is complete, your CV will be searchable.")
        .expect("searchable with no one named");
    assert_eq!(category, Category::PublicProfile);
    assert_eq!(recipients, vec![Recipient::Public]);
    let (_, recipients) = statement("Your CV will be searchable by employers in your area.")
        .expect("searchable by employers");
    assert_eq!(recipients, vec![Recipient::Employer]);
    let (category, _) =
        statement("Your profile is set to public by default.").expect("public by default");
    assert_eq!(category, Category::PublicProfile);
    assert_eq!(statement("Your CV is not searchable."), None);
}

/// Marketing announced in running text: the reader is sent offers with no box to say no.
/// Messages to the reader count only for marketing, never as someone seeing the account.
#[test]
fn issue_19_marketing_announced_in_a_sentence() {
    for sentence in [
        "We may email you newsletters and offers from our partners.",
        "We use your details to send you job alerts and other promotional material.",
        "From time to time we will text you about our products and services.",
    ] {
        let (category, _) = statement(sentence).unwrap_or_else(|| panic!("not read: {sentence}"));
        assert_eq!(category, Category::Marketing, "{sentence}");
    }
    for sentence in [
        "We will never email you marketing.",
        "If you would like our newsletter, we can email you each week.",
        "Your adviser will contact you within five working days.",
        "We will email you when an employer replies to your application.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    let found = findings("<p>We may email you newsletters and offers from our partners.</p>");
    let why = &found[0].why;
    assert!(why.contains("stop"), "{why}");
    assert!(!why.contains("legal basis"), "{why}");
}

/// "Employers and recruitment agencies": one word may qualify the second of two joined
/// people, and both are who sees.
#[test]
fn issue_19_joined_people_with_a_qualifying_word() {
    let found = findings(
        "<form><label for=\"v\">Who can see your profile</label><select id=\"v\">\
         <option value=\"me\">Only me</option>\
         <option value=\"all\" selected>Employers and recruitment agencies searching for candidates</option>\
         </select></form>",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].category, Category::PublicProfile);
}

/// Sentences that are not announcements: sharing that has stopped or never happens, a
/// request that waits for an answer, what happens once the person chooses it, and text
/// that speaks to staff about the people they work with.
#[test]
fn issue_19_stopped_sharing_requests_and_staff_text_are_not_announcements() {
    for sentence in [
        "Your work coach no longer receives your weekly activity report.",
        "Your CV has been removed from the employer search.",
        "At no point will a partner organisation see your bank details.",
        "We would like to send you offers from our training partners.",
        "We'd like to keep you up to date with news and offers.",
        "You will review participants' job search activity and share progress reports with Jobcentre Plus.",
        // What happens once the person chooses it.
        "When you turn on recruiter visibility, your profile is made available to recruiters.",
        "When set to public, your CV will be visible to every employer on the site.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    // The person's own data, though the reader is named in the third person too.
    assert!(statement(
        "Jobcentre advisers are able to access an individual's account and see your job search."
    )
    .is_some());
}

/// From a review of this session's changes: sentences each new rule must not take.
#[test]
fn issue_19_review_new_rules_do_not_overreach() {
    // Still announcements: an instruction beside the person's own data, a choice made
    // by someone else, "removed" in the future, a reminder that is not a request.
    for sentence in [
        "Sharing your job search activity with your work coach is a condition of your claim.",
        "Search for jobs every day – your work coach can see every search you make.",
        "Read this carefully: your personal data will be shared with DWP.",
        "Your provider decides whether your details are passed to employers.",
        "We would like to remind you that your work coach can see your journal.",
        "Your CV will be shared with employers until it is removed from the site.",
    ] {
        assert!(statement(sentence).is_some(), "not read: {sentence}");
    }
    // Not announcements: messages about the person's own business, data about things.
    for sentence in [
        "If an employer offers you a job we will email you.",
        "We'll text you when an employer offers you an interview.",
        "We will email you a copy of your marketing preferences.",
        "Your work coach will tell you about local training offers.",
        "We will send you a reminder about your appointment and any offers of support.",
        "Your adviser can access information about training courses for you.",
        "Employers can find information about the Restart Scheme on GOV.UK.",
        "Providers can download data on programme performance.",
        "The provider will send details of the course to your work coach.",
        "The information on this site is searchable.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
}

/// A sentence whose sharing is on unless the person acts ("If you do not mark your CV as
/// private, ..."): doing nothing is not consent, so it is a warning, worded as an opt-out
/// with a way to say no, not as sharing with no way to refuse.
#[test]
fn issue_19_opt_out_conditions_announce_sharing_that_is_on_by_default() {
    use Recipient::*;
    for (sentence, category, who) in [
        (
            "If you do not make your profile private, employers searching our database can see your CV.",
            Category::PublicProfile,
            vec![Employer],
        ),
        (
            "Unless you tell us otherwise, we will share your progress with your work coach.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        (
            "Your CV will be visible to recruiters unless you choose to hide it.",
            Category::PublicProfile,
            vec![Employer],
        ),
        (
            "Unless you opt out, we will email you offers from our partners.",
            Category::Marketing,
            vec![ThirdParty],
        ),
    ] {
        let found = findings(&format!("<p id=\"s\">{sentence}</p>"));
        let [f] = found.as_slice() else {
            panic!("{sentence}: {found:#?}")
        };
        assert_eq!((f.category, &f.recipients), (category, &who), "{sentence}");
        assert!(f.inverted && !f.locked, "{sentence}: {f:#?}");
        assert!(f.summary.contains("unless you"), "{sentence}: {}", f.summary);
        assert!(!f.summary.contains("no way to"), "{sentence}: {}", f.summary);
    }
    // Conditions that are not an opt-out, and opt-outs with nothing shared after them.
    for sentence in [
        "If you do not want to receive emails from us, untick the box below.",
        "We do not share your data unless you ask us to.",
        "If you do not agree, we will not share your details with employers.",
        "If you do not have an account, register to see your job search history.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    // Not attending is the person's situation, not an opt-out: what follows is a plain
    // announcement (issue_19_conditions_of_circumstance_are_not_choices).
    let missed = findings(
        "<p id=\"s\">If you do not attend, your adviser will tell your work coach about \
         your appointment.</p>",
    );
    let [f] = missed.as_slice() else {
        panic!("{missed:#?}")
    };
    assert_eq!(f.category, Category::AdviserAccess);
    assert!(!f.inverted && f.locked, "{f:#?}");
}

/// Whom the person sends something themselves is not a recipient of the site's sharing:
/// an application is the person's own act.
#[test]
fn issue_19_the_reader_s_own_applications_are_not_sharing() {
    for sentence in [
        "Your data will be available only to the employer to whom you sent your CV.",
        "Your CV is visible to employers you apply to.",
        "The employer becomes responsible for your personal data once they receive the application you have sent them.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    assert_eq!(ticked("Let employers I have applied to see my CV"), None);
    // Still sharing: the site passes on what the person gave it.
    for sentence in [
        "Your details, which you give us when you register, will be passed to your adviser.",
        "The CV you upload is shown to every recruiter searching our database.",
        "When you upload your CV it goes into our CV database, where recruiters who use our search can find it.",
    ] {
        assert!(statement(sentence).is_some(), "not read: {sentence}");
    }
}

/// Providers named by their own names, as their notices name them.
#[test]
fn issue_19_programme_providers_by_name() {
    assert_eq!(
        statement("Your personal information will be shared with Seetec Pluss and Jobcentre Plus."),
        Some((
            Category::AdviserAccess,
            vec![Recipient::Provider, Recipient::Dwp]
        ))
    );
    assert_eq!(
        ticked("Allow Maximus to view my job search activity"),
        Some(Category::AdviserAccess)
    );
}

/// Shapes met on a sixth held-out set, each in our own words.
#[test]
fn issue_19_more_shapes_of_passing_on() {
    use Recipient::*;
    for (sentence, category, who) in [
        // The person given to, just after the verb.
        (
            "Each month we send your work coach an update: the appointments you came to and whether you started work.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        // A second "to" after "and".
        (
            "Your activity log is available to your adviser and to the work coach who referred you.",
            Category::AdviserAccess,
            vec![Provider, Dwp],
        ),
        // Examples between commas, after the subject and after a destination.
        (
            "Our partner organisations, such as local colleges and charities, receive your contact details.",
            Category::ThirdPartySharing,
            vec![ThirdParty],
        ),
        (
            "We pass your details to other organisations, such as Jobcentre Plus.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        // An employer asked to confirm what the person earns.
        (
            "Your employer may be asked by your provider to confirm your start date and what you are paid.",
            Category::EmployerContact,
            vec![Employer, Provider],
        ),
        // Marketing the person will receive.
        (
            "As a member you will receive our weekly newsletter with special offers.",
            Category::Marketing,
            vec![],
        ),
    ] {
        assert_eq!(statement(sentence), Some((category, who)), "{sentence}");
    }
    for sentence in [
        // The person is told to tell someone: their own act.
        "Let your adviser know the name of your employer and the date you start.",
        "Tell your work coach about any change to your hours.",
        // Stopped.
        "From April we stopped sending your job search summaries to Jobcentre Plus.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
}

/// Direction of flow in a label: what comes from someone is not given to them; a label
/// that starts with its verb is the person doing it.
#[test]
fn issue_19_labels_from_someone_and_noun_only_reports() {
    for label in [
        "Receive updates from my adviser",
        "Get text updates from my work coach",
        "Messages from my employment coach by email",
    ] {
        assert_eq!(ticked(label), None, "{label}");
    }
    assert_eq!(
        ticked("Monthly progress summary to my Jobcentre Plus work coach"),
        Some(Category::AdviserAccess)
    );
    assert_eq!(
        ticked("Let my support worker keep in touch with my employer after I start work"),
        Some(Category::EmployerContact)
    );
}

/// Shapes met on a seventh held-out set, each in our own words.
#[test]
fn issue_19_rights_requests_and_reports() {
    use Recipient::*;
    for (sentence, category, who) in [
        (
            "A summary of how you are getting on is sent to your work coach every month.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        (
            "Details of the appointments you attend are reported to the Department for Work and Pensions.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        (
            "The information on this form is also passed to the independent evaluation team.",
            Category::ThirdPartySharing,
            vec![ThirdParty],
        ),
    ] {
        assert_eq!(statement(sentence), Some((category, who)), "{sentence}");
    }
    for sentence in [
        // The person's own requests and rights.
        "To see what DWP holds about you, ask DWP for a copy of your records.",
        "When you have decided, tell your work coach which parts of your claim we may discuss.",
        "You can object to us sharing your details with other companies in our group.",
        "You can give consent by writing a note in your journal.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    // Reading a notice is not agreeing to sharing, though the notice is the provider's.
    assert_eq!(
        ticked("I have read the Connect to Work privacy notice"),
        None
    );
    assert_eq!(
        ticked("Let my employment specialist keep in touch with my line manager"),
        Some(Category::EmployerContact)
    );
    // The site's members, the reader among them, sent marketing unless they say no.
    let found = findings(
        "<p>Unless you tell us otherwise, everyone who registers gets our newsletter with offers from our partners.</p>",
    );
    let [f] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!((f.category, f.inverted), (Category::Marketing, true));
}

/// Shapes met on an eighth held-out set, each in our own words.
#[test]
fn issue_19_named_details_checks_and_asking_first() {
    use Recipient::*;
    assert_eq!(
        statement("When you sign up, your name and postcode are passed to the Jobcentre Plus team that funds us."),
        Some((Category::AdviserAccess, vec![Dwp]))
    );
    assert_eq!(
        statement(
            "Verification of your start date and pay is carried out directly with your employer."
        ),
        Some((Category::EmployerContact, vec![Employer]))
    );
    for sentence in [
        "Before we send your CV to an employer, we will always call you first.",
        "Our job club would like to send you our bulletin with offers from partners.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
}

/// From a ninth held-out set, after its independent score: rules of this session that
/// overreached, and two shapes, each in our own words.
#[test]
fn issue_19_overreach_found_on_a_ninth_set() {
    for sentence in [
        // A past event the person asked for.
        "In March, at your request, we sent your work coach a summary of your course certificates.",
        // The person's own way to show something.
        "You can show your work coach your job search in other ways, such as a printed list.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    // Employers who may get in touch with the person: a profile, not a check on a job.
    assert_eq!(
        ticked("Join the talent pool: employers working with Connect to Work can look at my CV and get in touch"),
        Some(Category::PublicProfile)
    );
}

/// From a review of this session's changes: sentences each new rule must leave alone or
/// still read, in the reviewer's words.
#[test]
fn issue_19_review_eighth_session() {
    use Recipient::*;
    // Still announcements.
    for sentence in [
        "Your CV will be visible to employers for no more than 12 months.",
        "We share your job search diary with DWP; you have the right to object.",
        "Your adviser can see your applications and your diary, so you can show the progress you have made.",
        "We will pass your CV to employers at your request and to your work coach every month.",
        "We share your details with Jobcentre Plus and would like to send you job alerts.",
        "Let your adviser know when you start work, and we will contact your employer to confirm your wages.",
        "Your adviser, whom you meet each week, can see your job search diary.",
        "Employers can search your CV and see the applications you have sent.",
    ] {
        assert!(statement(sentence).is_some(), "not read: {sentence}");
    }
    // What happens after refusing is not the default.
    assert_eq!(
        statement(
            "If you do not want employers to see your CV, employers will only see your name."
        ),
        None
    );
    // The condition names the data; the sharing says "it".
    let found = findings("<p>If you do not mark your CV as private, employers can see it.</p>");
    let [f] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!((f.category, f.inverted), (Category::PublicProfile, true));
    assert_eq!(f.recipients, vec![Employer]);
    // A box about the person's own job search is not an opt-out of sharing.
    assert_eq!(
        ticked("Tell my work coach if I have stopped applying for jobs"),
        Some(Category::AdviserAccess)
    );
}

/// Hidden-by-class markers: a menu's state, the page's own classes and a class for one
/// screen size do not hide a sentence.
#[test]
fn issue_19_review_only_reveals_are_hidden_by_class() {
    let sentence = "Your work coach can see your job search journal.";
    for wrapper in [
        "<div class=\"submenu-hidden\"><p>{}</p></div>",
        "<div class=\"mobile--hidden\"><p>{}</p></div>",
        "<div class=\"nav--hidden\"><p>{}</p></div>",
    ] {
        let body = wrapper.replace("{}", sentence);
        // nav--hidden is a BEM modifier: hidden. The others are not.
        let expect_hidden = wrapper.contains("nav--hidden");
        assert_eq!(findings(&body).is_empty(), expect_hidden, "{body}");
    }
    let on_body = format!(
        "<!DOCTYPE html><html class=\"js cookie-banner--hidden\"><head><title>Home</title></head>\
         <body class=\"page nav--hidden\"><main><p>{sentence}</p></main></body></html>"
    );
    assert_eq!(audit(&on_body, URL).findings.len(), 1);
}

/// Two labels the fixture pages already held, which this session's first changes had
/// broken without the corpus test failing (it allowed 0.95): someone's word that only
/// qualifies what is shown ("public transport") is not the person shown it, and a verb
/// that acts on the control itself ("Check this box") is not anyone seeing data.
#[test]
fn issue_19_labels_about_the_control_or_what_is_shown() {
    assert_eq!(ticked("Show public transport journey times"), None);
    assert_eq!(ticked("Show hospitality jobs near me"), None);
    assert_eq!(
        ticked("Send your work coach a weekly summary of my applications"),
        Some(Category::AdviserAccess)
    );
    let unticked = findings(
        "<form><input type=\"checkbox\" id=\"c\"><label for=\"c\">Check this box to keep \
         your activity private from your coach</label></form>",
    );
    assert_eq!(unticked.len(), 1, "{unticked:#?}");
    assert_eq!(unticked[0].category, Category::AdviserAccess);
    assert!(unticked[0].inverted);
}

/// A condition of the person's situation ("If you start work") is not a choice: the
/// sharing that follows still happens without asking. A condition of choice ("If you
/// agree") still leaves the choice, and asking for help is the person's request.
#[test]
fn issue_19_conditions_of_circumstance_are_not_choices() {
    use Recipient::*;
    assert_eq!(
        statement("If you start work, we will contact your employer to confirm your start date."),
        Some((Category::EmployerContact, vec![Employer]))
    );
    assert_eq!(
        statement("If you are claiming Universal Credit, your provider will share your action plan with your work coach."),
        Some((Category::AdviserAccess, vec![Dwp]))
    );
    for choice in [
        "If you agree, we will share your CV with employers.",
        "If you would like, your adviser can see your job search activity.",
        "If you need help with your CV, your adviser can look at it with you.",
        "If you ask us, we will send your work coach a copy of your action plan.",
    ] {
        assert_eq!(statement(choice), None, "{choice}");
    }
}

/// Shapes found missing on held-out set 12 (used for tuning from this commit): the
/// wording here is ours.
#[test]
fn issue_19_told_of_the_person_and_other_shapes() {
    use Recipient::*;
    for (sentence, category, who) in [
        // The person told is the subject of a passive; what they are told is news of the
        // reader.
        (
            "Your adviser is told when you start a course and when you finish it.",
            Category::AdviserAccess,
            vec![Provider],
        ),
        (
            "If you miss an appointment, we will let your work coach know.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        // The reader is the object of a relative clause, not the subject.
        (
            "The work coach who referred you can read your diary.",
            Category::AdviserAccess,
            vec![Dwp],
        ),
        // Several of the reader's details after one "your" (employment details are
        // employer contact wherever they go).
        (
            "Your start date, weekly hours and pay are sent to your work coach.",
            Category::EmployerContact,
            vec![Dwp],
        ),
        // The companies an agency recruits for are employers.
        (
            "The companies we recruit for can look through your work history.",
            Category::PublicProfile,
            vec![Employer],
        ),
        // "and by" joins a second person who sees.
        (
            "Your job log is seen by your adviser and by your work coach.",
            Category::AdviserAccess,
            vec![Provider, Dwp],
        ),
    ] {
        assert_eq!(statement(sentence), Some((category, who)), "{sentence}");
    }
    for sentence in [
        // The reader telling someone, or choosing, is their own act.
        "You do not have to tell your employer that you were on the programme.",
        "On 12 January you agreed to share your job log with your work coach.",
        "You allowed your adviser to see your CV.",
        "We only send your CV to an employer after you ask us to.",
        // A condition of choice.
        "If you agree, we will let your work coach know.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    // Opting out by unsubscribing is an opt-out.
    let found = findings(
        "<p id=\"s\">Unless you unsubscribe, we will send you emails about products and services from \
         companies we work with.</p>",
    );
    let [f] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(f.category, Category::Marketing);
    assert!(f.inverted, "{f:#?}");
}

/// A table's cell is read after its row's header when it says nothing alone, and warned
/// about itself.
#[test]
fn issue_19_a_cell_is_read_with_its_row_header() {
    let found = findings(
        "<table><tbody><tr><th scope=\"row\">Your job search log</th>\
         <td id=\"cell\">Seen by your adviser and by your work coach</td></tr>\
         <tr><th scope=\"row\">Your CV</th><td>Only you</td></tr></tbody></table>",
    );
    let [f] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(f.category, Category::AdviserAccess);
    assert_eq!(f.selector, "#cell");
    assert_eq!(f.recipients, vec![Recipient::Provider, Recipient::Dwp]);
}

/// Whom the reader gives something is their own addressee, unless someone shares it on
/// with others; a choice described in other words is still a choice.
#[test]
fn issue_19_the_readers_addressee_and_choices_in_other_words() {
    use Recipient::*;
    assert_eq!(
        statement("They share any personal information you give them with Jobcentre Plus."),
        Some((Category::AdviserAccess, vec![Dwp]))
    );
    // The employers the reader writes to are not who reads the messages.
    assert_eq!(
        ticked("Let my adviser read the messages I send to employers through this site"),
        Some(Category::AdviserAccess)
    );
    let choice = "If a site asks whether your adviser can see your account, that is a choice.";
    assert_eq!(statement(choice), None, "{choice}");
}

/// What happened before is not what is on now: a past time with a past verb.
#[test]
fn issue_19_what_happened_before_is_not_on_now() {
    use Recipient::*;
    for sentence in [
        "Your adviser could see your job log until 3 March 2026.",
        "In 2024 your CV was passed to employers in the talent pool.",
        "Last year your work coach had access to your diary.",
    ] {
        assert_eq!(statement(sentence), None, "{sentence}");
    }
    for (sentence, category, who) in [
        (
            "Your adviser can see your job log until you leave the programme.",
            Category::AdviserAccess,
            vec![Provider],
        ),
        (
            "Since 2024 your CV is passed to employers in the talent pool.",
            Category::PublicProfile,
            vec![Employer],
        ),
    ] {
        assert_eq!(statement(sentence), Some((category, who)), "{sentence}");
    }
}

/// Employment details are employer contact wherever they go, and a phone call to the
/// person's manager is contact with their employer.
#[test]
fn issue_19_employment_details_and_calls_to_a_manager() {
    use Recipient::*;
    assert_eq!(
        statement("Your start date and your pay are sent to your work coach."),
        Some((Category::EmployerContact, vec![Dwp]))
    );
    assert_eq!(
        statement("We will phone your manager to confirm your start date."),
        Some((Category::EmployerContact, vec![Employer]))
    );
    assert_eq!(
        statement("Your work coach will call you to talk about your start date."),
        None
    );
}

/// An exclusion takes back only the phrase it covers: "job offers" is not marketing, but
/// promotions in the same box still are, and bundled with the terms.
#[test]
fn issue_19_an_exclusion_takes_back_only_what_it_covers() {
    let found = findings(
        "<form><input type=\"checkbox\" id=\"c\" required><label for=\"c\">I agree to the \
         Terms of Use, and to receive job offers and promotions from us and our partners by \
         email.</label></form>",
    );
    let [f] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(f.category, Category::BundledConsent);
    assert_eq!(ticked("Email me job offers that match my search"), None);
    assert_eq!(ticked("Email me when an employer views my CV"), None);
}

/// From a review of this session's changes (one case or two of each problem it found),
/// in the reviewer's words.
#[test]
fn issue_19_review_ninth_session() {
    use Category::*;
    let warned = |sentence: &str| statement(sentence).map(|(c, _)| c);
    for (sentence, want) in [
        // 1. "until" and "was" are not enough to make a clause past.
        (
            "Your CV is used to match you with vacancies and is visible to employers until you delete your account.",
            Some(PublicProfile),
        ),
        (
            "Your job search log, which was previously private, can now be seen by your work coach.",
            Some(AdviserAccess),
        ),
        (
            "Your work coach can see everything you did last week in your job search log.",
            Some(AdviserAccess),
        ),
        // 2. Past consent only where the sentence starts with it, and not "agreed that".
        (
            "By registering, you agreed that recruiters can search your CV and contact you.",
            Some(PublicProfile),
        ),
        (
            "Information you gave us is shared with your work coach at DWP.",
            Some(AdviserAccess),
        ),
        (
            "You can use your journal to record your work search, and your work coach will review it every week.",
            Some(AdviserAccess),
        ),
        // 3. Employer contact only for the person's employment details.
        (
            "DWP can see your job search activity to verify that you are meeting your Claimant Commitment.",
            Some(AdviserAccess),
        ),
        (
            "Your in work support adviser can see your diary and action plan.",
            Some(AdviserAccess),
        ),
        // (Not employer contact: a course's start date is no employment detail.)
        (
            "Your course start date is shared with your adviser.",
            Some(AdviserAccess),
        ),
        // 4. Opting in is not the person's situation.
        (
            "If you join our Talent Pool, recruiters can search your CV and contact you.",
            None,
        ),
        (
            "If you change the setting below, employers will be able to see your CV.",
            None,
        ),
        (
            "If you take part in the evaluation, your details will be shared with independent researchers.",
            None,
        ),
        // 5. The person's duty to report is their own act.
        ("Please inform your work coach when you find a job.", None),
        (
            "Remember to let your adviser know if you cannot attend an appointment.",
            None,
        ),
        // 6. Choice words anywhere in a sentence do not silence it.
        (
            "Your work coach can see your job search log, so it is up to you to keep it up to date.",
            Some(AdviserAccess),
        ),
        (
            "We pass your details to a training provider of your choice.",
            Some(ThirdPartySharing),
        ),
        // 7. What is given may start with "this", "every", "everything".
        (
            "We will send your work coach this information every month.",
            Some(AdviserAccess),
        ),
        (
            "We forward your work coach every application you make.",
            Some(AdviserAccess),
        ),
        // 8. The person phoned by their own adviser.
        (
            "Your employment adviser will phone you within five working days to talk about your job search.",
            None,
        ),
        ("Your work coach will call you to discuss your job search.", None),
    ] {
        assert_eq!(warned(sentence), want, "{sentence}");
    }
    // 9. Notices to the person only.
    assert_eq!(ticked("Let me know when recruiters can find my CV"), None);
    assert_eq!(ticked("Tell me when my adviser accesses my account"), None);
    // 10. A row header that says something is warned about once, not again with its
    // cell.
    let found = findings(
        "<table><tr><th id=\"h\">Recruiters can search your CV</th><td id=\"c\">Switched off</td></tr></table>",
    );
    assert!(found.iter().all(|f| f.selector != "#c"), "{found:#?}");
}
