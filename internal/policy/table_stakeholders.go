package policy

// Inquiry actions (issue 15): inquiries from the public form or registered
// by the secretariat, their queue, answers and the public FAQ.
const (
	InquirySubmit   Action = "inquiry.submit"   // send an inquiry through the public form (no account needed)
	InquiryRegister Action = "inquiry.register" // register an inquiry received by e-mail or phone
	InquiryList     Action = "inquiry.list"     // the queue with ages and overdue counts
	InquiryView     Action = "inquiry.view"     // one inquiry with the sender's details and answers
	InquiryManage   Action = "inquiry.manage"   // assign, set the deadline, link, answer, close, publish in the FAQ
	FAQList         Action = "faq.list"         // the public FAQ (no names)
)

var _ = register(map[Action]Rule{
	InquirySubmit:   anyone,
	InquiryRegister: roles(Secretariat),
	// Inquiries name private people: the secretariat (who answers) and
	// admin read them.
	InquiryList:   roles(Secretariat, Admin),
	InquiryView:   roles(Secretariat, Admin),
	InquiryManage: roles(Secretariat),
	FAQList:       anyone,
})
